package org.actionrec.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.actionrec.ActionRecognizer;
import org.actionrec.Recognition;
import org.actionrec.RecognizerOptions;
import org.actionrec.backbone.BackboneException;
import org.actionrec.video.VideoReadException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "predict", description = "Predict the action in videos with a model file: the top classes with "
        + "calibrated probabilities. Exits 2 when any video could not be read.")
final class PredictCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "VIDEO", description = "video files")
    List<Path> videos;

    @Mixin
    RecognizerChoice recognizer;

    @Option(names = "--top", defaultValue = "5", description = "classes to show (default ${DEFAULT-VALUE})")
    int top;

    @Option(names = "--min-probability", defaultValue = "0", description = "answer '" + Recognition.UNKNOWN
            + "' where the best class's probability is below this (default ${DEFAULT-VALUE})")
    double minProbability;

    @Option(names = "--json", description = "print JSON: {video, frames, warnings, label, top: [{label, "
            + "probability}]} per video (an array for several)")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        RecognizerOptions options = this.recognizer.options().withTop(top);
        List<Map<String, Object>> rows = new ArrayList<>();
        int failures = 0;
        try (ActionRecognizer recognizer = ActionRecognizer.open(this.recognizer.model, options)) {
            for (Path video : videos) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("video", video.toString());
                try {
                    Recognition r = recognizer.predict(video);
                    row.put("frames", r.frames());
                    row.put("warnings", r.warnings());
                    row.put("label", r.label(minProbability));
                    row.put("top", r.top());
                    if (!json) print(out, r);
                } catch (VideoReadException | BackboneException e) {
                    failures++;
                    row.put("error", e instanceof VideoReadException v ? v.reason().name() : "BACKBONE");
                    row.put("message", e.getMessage());
                    if (!json) out.printf("%s%n  error: %s%n", video, e.getMessage());
                }
                rows.add(row);
            }
        }
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(rows.size() == 1 ? rows.get(0) : rows));
        }
        out.flush();
        if (failures > 0) {
            spec.commandLine().getErr().printf("actionrec: %d of %d videos could not be read%n", failures,
                    videos.size());
            spec.commandLine().getErr().flush();
            return 2;
        }
        return 0;
    }

    private void print(PrintWriter out, Recognition r) {
        out.println(r.video() + ": " + r.label(minProbability));
        for (Recognition.ClassProbability c : r.top()) {
            out.printf(Locale.ROOT, "  %-24s %6.1f%%%n", c.label(), 100 * c.probability());
        }
        for (String w : r.warnings()) out.println("  warning: " + w);
    }
}
