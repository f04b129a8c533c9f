package org.actionrec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's Java example is the code of {@link ReadmeExample}, which {@link ActionRecognizerTest} runs. */
class ReadmeExampleTest {
    private static final String BEGIN = "// README example begins";
    private static final String END = "// README example ends";

    @Test
    void theReadmeShowsTheExampleThatTheTestsRun() throws Exception {
        Path readme = Path.of("..", "README.md");
        Path source = Path.of("src/test/java/org/actionrec/ReadmeExample.java");
        assumeTrue(Files.exists(readme) && Files.exists(source), "run from the module folder (mvn test)");
        List<String> shown = between(Files.readAllLines(readme));
        List<String> run = between(Files.readAllLines(source));
        assertThat(shown).isNotEmpty().isEqualTo(run);
    }

    /** The lines between the markers, without their indentation. */
    private static List<String> between(List<String> lines) {
        int from = -1;
        int to = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).trim().equals(BEGIN)) from = i;
            if (lines.get(i).trim().equals(END)) to = i;
        }
        assertThat(from).as("begin marker").isNotNegative();
        assertThat(to).as("end marker").isGreaterThan(from);
        return lines.subList(from + 1, to).stream().map(String::strip).toList();
    }
}
