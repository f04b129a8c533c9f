package org.actionrec.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.actionrec.ActionRecognizer;
import org.actionrec.RecognizerOptions;
import org.actionrec.explain.ExplainOptions;
import org.actionrec.explain.Explanation;
import org.actionrec.explain.ExplanationWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "explain", description = "Explain a model's prediction for a video: per keyframe and stream the "
        + "model reads, where its evidence lies on the backbone's last convolution (exact CAM for the stream pool, "
        + "Grad-CAM for late-fusion and lrcn) and, by default, pixel saliency (gradient x input). Writes PNGs with "
        + "colour bars, a contact sheet, an animated GIF and explain.json into --out. Needs the backbone's "
        + "conv-map companion (e.g. mobilenet_v2_convmap.onnx) and, for saliency, its TorchScript file, beside "
        + "the backbone, the model or in --model-dir.")
final class ExplainCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "VIDEO", description = "video file")
    Path video;

    @Mixin
    RecognizerChoice recognizer;

    @Option(names = "--out", required = true, description = "folder to write the pictures and explain.json into")
    Path out;

    @Option(names = "--class", split = ",", paramLabel = "LABEL", description = "classes to explain (default: "
            + "the --top most probable)")
    List<String> classes = new ArrayList<>();

    @Option(names = "--top", defaultValue = "1", description = "explain the K most probable classes (default "
            + "${DEFAULT-VALUE})")
    int top;

    @Option(names = "--saliency-views", defaultValue = "all", paramLabel = "N|all",
            description = "pixel saliency (gradient x input) for the N views with most evidence, or all (default "
                    + "${DEFAULT-VALUE}; each view costs a forward and backward pass of the TorchScript backbone)")
    String saliencyViews;

    @Option(names = "--no-saliency", description = "no pixel saliency (the same as --saliency-views 0)")
    boolean noSaliency;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter w = spec.commandLine().getOut();
        onePyTorchThreadUnlessSet();
        RecognizerOptions options = this.recognizer.options();
        ExplainOptions explain = ExplainOptions.defaults().withClasses(classes).withTop(top)
                .withSaliencyViews(noSaliency ? 0 : saliencyViews(saliencyViews));
        try (ActionRecognizer recognizer = ActionRecognizer.open(this.recognizer.model, options)) {
            long start = System.nanoTime();
            Explanation e = recognizer.explain(video, explain);
            List<Path> files = ExplanationWriter.write(e, out);
            double seconds = (System.nanoTime() - start) / 1e9;
            print(w, e);
            w.printf(Locale.ROOT, "wrote %d files to %s in %.2f s (with loading the conv-map and TorchScript files; "
                    + "bench explain times clips after start-up)%n", files.size(), out, seconds);
        }
        w.flush();
        return 0;
    }

    /**
     * Pixel saliency runs PyTorch's backward pass, whose two-thread pool spent 12 times the CPU time of one thread
     * on two shared cores; one thread, unless the user chose ({@code -Dai.djl.pytorch.num_threads}). Set before
     * any engine starts (ONNX Runtime starts PyTorch beside it).
     */
    static void onePyTorchThreadUnlessSet() {
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", "1");
        }
    }

    /** N or all. */
    static int saliencyViews(String value) {
        if (value.equalsIgnoreCase("all")) return ExplainOptions.ALL_VIEWS;
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(new ExplainCommand()),
                    "--saliency-views takes a number or 'all', not '" + value + "'");
        }
    }

    static void print(PrintWriter w, Explanation e) {
        w.printf(Locale.ROOT, "%s: %s over the last convolution (%dx%d); saliency: %s%n", e.video(), e.mapMethod(),
                e.mapSide(), e.mapSide(), e.saliencyMethod() == null ? "off" : e.saliencyMethod());
        for (Explanation.ClassEvidence c : e.classes()) {
            w.printf(Locale.ROOT, "  %-24s p=%.3f  score %.4f%n", c.label(), c.probability(), c.score());
            List<Integer> order = new ArrayList<>();
            for (int j = 0; j < e.views().size(); j++) order.add(j);
            order.sort(Comparator.comparingDouble((Integer j) -> c.shares()[j]).reversed());
            for (int j : order.subList(0, Math.min(3, order.size()))) {
                Explanation.View v = e.views().get(j);
                double[] xy = v.cellCentreInFrame(c.peaks()[j], e.mapSide(), e.imageSide());
                w.printf(Locale.ROOT, "    %5.1f%% of the evidence: %s, keyframe %d (frame %d), peak at x=%.0f y=%.0f%n",
                        100 * c.shares()[j], v.stream(), v.keyframe() + 1, v.frame(), xy[0], xy[1]);
            }
        }
        for (String warning : e.warnings()) w.println("  warning: " + warning);
    }
}
