package org.actionrec.model.registry;

import static org.assertj.core.api.Assertions.assertThat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No main code outside the kinds' packages ({@code org/actionrec/model/}) dispatches on a kind: no {@code equals}
 * on a kind's id or its constant, no {@code case} on one, no {@code instanceof} on a scorer class. The same search
 * as a command: see docs/ARCHITECTURE.md.
 */
class NoKindDispatchTest {
    static final Pattern DISPATCH = Pattern.compile(
            "equals\\((SequenceModels\\.|ModelRecipe\\.|NbtlKind\\.|StreamPoolKind\\.|ModelManifest\\.)?"
                    + "(LRCN|LATE_FUSION|TEMPORAL_CONV|C3D_SMALL|FINETUNE|NBTL|ID|STREAM_POOL|TRAINED)\\)"
                    + "|\\b(LRCN|LATE_FUSION|TEMPORAL_CONV|C3D_SMALL|FINETUNE|NBTL|STREAM_POOL|TRAINED|ID)\\.equals"
                    + "|equals(IgnoreCase)?\\(\"(lrcn|late-fusion|temporal-conv|c3d-small|finetune|nbtl|frozen-svm-pool"
                    + "|stream-pool|trained)\"\\)"
                    + "|case +\"(lrcn|late-fusion|temporal-conv|c3d-small|finetune|nbtl|frozen-svm-pool|stream-pool"
                    + "|trained)\""
                    + "|instanceof +(\\w+Scorer|StreamPoolModel)\\b");

    @Test
    void mainCodeOutsideTheKindsPackagesNeverDispatchesOnAKind() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<String> found = new ArrayList<>();
        int files = 0;
        try (Stream<Path> all = Files.walk(root)) {
            for (Path f : all.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/java/")
                    && !p.toString().contains("/org/actionrec/model/") && !p.startsWith(root.resolve(".git")))
                    .toList()) {
                files++;
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    if (DISPATCH.matcher(lines.get(i)).find()) found.add(root.relativize(f) + ":" + (i + 1) + ": "
                            + lines.get(i).trim());
                }
            }
        }
        assertThat(files).as("main source files searched").isGreaterThan(100);
        assertThat(found).isEmpty();
    }

    @Test
    void theSearchFindsWhatItLooksFor() {
        for (String line : List.of("if (m.model().equals(ModelRecipe.NBTL)) {", "case \"lrcn\" -> x;",
                "if (scorer instanceof FineTunedModelScorer f)", "name.equals(SequenceModels.FINETUNE)",
                "ModelManifest.STREAM_POOL.equals(kind)")) {
            assertThat(DISPATCH.matcher(line).find()).as(line).isTrue();
        }
        assertThat(DISPATCH.matcher("ModelKinds.of(archive).open(archive)").find()).isFalse();
    }
}
