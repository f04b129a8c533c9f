package org.actionrec.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.actionrec.backbone.Backbone;
import org.actionrec.recognizer.Recognizer;
import org.actionrec.recognizer.StreamPoolModel;
import org.actionrec.recognizer.TrainedModelRecognizer;
import org.actionrec.recognizer.VideoRecognizer;
import org.actionrec.video.VideoReadException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "predict", description = "Predict the action in videos with a trained model bundle: top classes with scores.")
final class PredictCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "VIDEO", description = "video files")
    List<Path> videos;

    @Option(names = {"-m", "--model"}, required = true, description = "model bundle: model.json written by 'run' "
            + "or 'train', or a trained model's bundle.json (late-fusion, lrcn: <out>/<model>/split<k>/bundle.json)")
    Path model;

    @Option(names = "--top", defaultValue = "5", description = "classes to show (default ${DEFAULT-VALUE})")
    int top;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Mixin
    BackboneChoice backbone;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<Map<String, Object>> rows = new ArrayList<>();
        int failures = 0;
        try (Backbone b = backbone.open(); Recognizer recognizer = recognizer(b)) {
            for (Path video : videos) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("video", video.toString());
                try {
                    VideoRecognizer.Prediction p = recognizer.predict(video, top);
                    row.put("frames", p.frameCount());
                    row.put("top", p.top());
                    if (!json) {
                        out.println(video);
                        for (VideoRecognizer.ClassScore c : p.top()) {
                            out.printf("  %-24s %8.3f%n", c.label(), c.score());
                        }
                    }
                } catch (VideoReadException e) {
                    failures++;
                    row.put("error", e.reason().name());
                    row.put("message", e.getMessage());
                    if (!json) {
                        out.printf("%s%n  error: %s%n", video, e.getMessage());
                    }
                }
                rows.add(row);
            }
        }
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(rows.size() == 1 ? rows.get(0) : rows));
        }
        return failures == 0 ? 0 : 2;
    }

    /** The frozen pool's recogniser or a trained model's, whichever the bundle holds. */
    private Recognizer recognizer(Backbone b) throws Exception {
        return TrainedModelRecognizer.isBundle(model) ? TrainedModelRecognizer.open(model, b)
                : new VideoRecognizer(StreamPoolModel.load(model), b);
    }
}
