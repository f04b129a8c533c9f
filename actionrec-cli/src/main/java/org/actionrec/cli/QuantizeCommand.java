package org.actionrec.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.actionrec.backbone.BackboneRegistry;
import org.actionrec.backbone.BackboneSpec;
import org.actionrec.backbone.quantize.CalibrationMethod;
import org.actionrec.backbone.quantize.WeightRange;
import org.actionrec.options.DatasetSourceOptions;
import org.actionrec.options.StreamOptions;
import org.actionrec.recognizer.BackboneQuantization;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "quantize", description = "Quantize an ONNX backbone to int8 (static, QDQ), calibrated on the keyframe "
        + "and motion images extraction makes from your videos; its provenance goes into the file's metadata.")
final class QuantizeCommand implements Callable<Integer> {
    @Option(names = {"-b", "--backbone"}, required = true, description = "the float ONNX backbone file")
    Path backbone;

    @Option(names = "--calibrate", required = true, description = "videos to calibrate on: a dataset folder, a "
            + ".csv/.tsv manifest, an MMAction2 list, or a plain folder of videos without labels")
    Path data;

    @Option(names = "--out", required = true, description = "the int8 ONNX file to write")
    Path out;

    @Option(names = "--images", defaultValue = "256", description = "calibration images (default ${DEFAULT-VALUE})")
    int images;

    @Option(names = "--method", defaultValue = "percentile",
            description = "activation ranges: minmax, percentile or entropy (default ${DEFAULT-VALUE})")
    String method;

    @Option(names = "--no-bias-correction", description = "leave the biases as they are (by default each convolution's "
            + "bias is corrected for the mean shift int8 gives its output)")
    boolean noBiasCorrection;

    @Option(names = "--weights", defaultValue = "reduced", description = "int8 weight levels: reduced (-63..63, right "
            + "on every x86 CPU) or full (-127..127, a little more precise where the CPU has VNNI, and wrong, "
            + "saturated, where it has only AVX2) (default ${DEFAULT-VALUE})")
    String weights;

    @Option(names = "--seed", defaultValue = "1", description = "draw of calibration clips and keyframes (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--threads", defaultValue = "2", description = "ONNX Runtime threads (default ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--convmap", description = "the backbone's float conv-map companion, quantized too (for explain "
            + "and temporal-conv on the int8 backbone; default: the one beside the backbone, e.g. "
            + "mobilenet_v2_convmap.onnx); written beside --out as <its name>_int8.onnx")
    Path convMap;

    @Option(names = "--no-convmap", description = "do not quantize the conv-map companion")
    boolean noConvMap;

    @Mixin
    DatasetSourceOptions source;

    @Mixin
    StreamOptions streams;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        BackboneRegistry registry = BackboneRegistry.standard();
        BackboneSpec backboneSpec = registry.forFile(backbone).orElseThrow(() -> new IllegalArgumentException(
                "cannot tell the backbone of " + backbone + " from its name; known: " + registry.names()));
        Path companion = noConvMap ? null
                : convMap != null ? convMap : BackboneQuantization.convMapBeside(backbone, backboneSpec).orElse(null);
        BackboneQuantization.Result r = BackboneQuantization.run(new BackboneQuantization.Request(backbone,
                backboneSpec, data, source.options(), streams.config(), images, seed, CalibrationMethod.of(method),
                !noBiasCorrection, WeightRange.of(weights), threads, out, companion), TrainedModels.bars());
        PrintWriter w = spec.commandLine().getOut();
        w.printf("wrote %s (sha256 %s)%n", r.out(), r.sha256());
        if (r.convMapOut() != null) {
            w.printf("wrote %s (sha256 %s), its conv-map companion%n", r.convMapOut(), r.convMapSha256());
        }
        w.printf("%d nodes int8, calibrated by %s on %d images from %d clips in %.1f s%n", r.quantizedNodes(), method,
                r.images(), r.clips(), r.seconds());
        r.skipped().forEach(s -> w.printf("  unreadable: %s%n", s));
        return 0;
    }
}
