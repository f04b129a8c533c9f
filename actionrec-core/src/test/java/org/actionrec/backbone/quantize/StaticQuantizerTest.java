package org.actionrec.backbone.quantize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.actionrec.ProgressListener;
import org.actionrec.SharedData;
import org.actionrec.backbone.Backbone;
import org.actionrec.backbone.BackboneOptions;
import org.actionrec.backbone.BackboneRegistry;
import org.actionrec.backbone.BackboneSpec;
import org.actionrec.backbone.Backbones;
import org.actionrec.backbone.onnx.OnnxIr.ModelProto;
import org.actionrec.backbone.onnx.OnnxIr.NodeProto;
import org.actionrec.backbone.onnx.OnnxModelException;
import org.actionrec.backbone.onnx.OnnxModelFile;
import org.actionrec.features.CalibrationSampler;
import org.actionrec.streams.StreamConfig;
import org.actionrec.video.FfmpegVideoReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaticQuantizerTest {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StaticQuantizerTest.class);
    private static final int SIDE = 16;

    @TempDir
    Path tmp;

    @Test
    void aSmallNetworkQuantizedRunsInOnnxRuntimeCloseToFloatAndNamesWhatItCameFrom() throws Exception {
        Path source = write(TinyOnnxModels.residual(1, 13), "tiny.onnx");
        List<float[]> images = images(40, 2);
        ModelProto q;
        try (StaticQuantizer quantizer = StaticQuantizer.open(source, 1)) {
            assertThat(quantizer.quantizedNodes()).isEqualTo(3);
            quantizer.calibrate(images, SIDE, true, ProgressListener.NONE);
            q = quantizer.quantize(CalibrationMethod.PERCENTILE, true, WeightRange.REDUCED, Map.of("actionrec.source_sha256", "abc"));
        }
        assertThat(q.getGraph().getNodeList()).extracting(NodeProto::getOpType)
                .contains("QuantizeLinear", "DequantizeLinear").doesNotContain("Relu");
        Path out = write(q, "tiny_int8.onnx");
        assertThat(OnnxModelFile.readMetadata(out)).containsEntry("actionrec.source_sha256", "abc");
        List<float[]> test = images(8, 3);
        float[][] want = forward(source, test);
        float[][] got = forward(out, test);
        for (int i = 0; i < test.size(); i++) assertThat(cosine(want[i], got[i])).isGreaterThan(0.99);
    }

    /**
     * Reduced weights stay within -63..63, where ONNX Runtime's AVX2 kernels (uint8 activations times int8 weights,
     * two products summed into 16 bits) cannot saturate; full weights use the whole -127..127.
     */
    @Test
    void reducedWeightsStayWithinSevenBitsAndFullWeightsUseEight() throws Exception {
        Path source = write(TinyOnnxModels.residual(1, 13), "tiny.onnx");
        try (StaticQuantizer quantizer = StaticQuantizer.open(source, 1)) {
            quantizer.calibrate(images(16, 2), SIDE, false, ProgressListener.NONE);
            for (WeightRange range : WeightRange.values()) {
                ModelProto q = quantizer.quantize(CalibrationMethod.MINMAX, false, range, Map.of());
                int largest = 0;
                for (var t : q.getGraph().getInitializerList()) {
                    if (t.getDataType() != org.actionrec.backbone.onnx.OnnxIr.TensorProto.DataType.INT8_VALUE) continue;
                    for (byte v : t.getRawData().toByteArray()) largest = Math.max(largest, Math.abs(v));
                }
                // symmetric per channel: each channel's largest weight takes the top level
                assertThat(largest).as(range.id()).isEqualTo(range.level());
            }
        }
        assertThat(WeightRange.of("reduced")).isEqualTo(WeightRange.REDUCED);
        assertThatThrownBy(() -> WeightRange.of("half")).hasMessageContaining("reduced or full");
    }

    @Test
    void theSameModelAndImagesGiveTheSameBytes() throws Exception {
        Path source = write(TinyOnnxModels.residual(4, 13), "tiny.onnx");
        byte[][] made = new byte[2][];
        for (int k = 0; k < 2; k++) {
            try (StaticQuantizer quantizer = StaticQuantizer.open(source, 1)) {
                quantizer.calibrate(images(24, 5), SIDE, true, ProgressListener.NONE);
                made[k] = quantizer.quantize(CalibrationMethod.ENTROPY, true, WeightRange.REDUCED, Map.of()).toByteArray();
            }
        }
        assertThat(made[0]).isEqualTo(made[1]);
        try (StaticQuantizer quantizer = StaticQuantizer.open(source, 1)) {
            quantizer.calibrate(images(24, 6), SIDE, false, ProgressListener.NONE);
            assertThat(quantizer.quantize(CalibrationMethod.MINMAX, true, WeightRange.REDUCED, Map.of()).toByteArray()).isNotEqualTo(made[0]);
        }
    }

    @Test
    void damagedForeignAndUnsupportedModelsAreRefusedNamingWhy() throws Exception {
        byte[] good = TinyOnnxModels.residual(1, 13).toByteArray();
        Path truncated = tmp.resolve("truncated.onnx");
        Files.write(truncated, java.util.Arrays.copyOf(good, good.length / 2));
        assertThatThrownBy(() -> StaticQuantizer.open(truncated, 1)).isInstanceOf(OnnxModelException.class)
                .hasMessageContaining("not an ONNX model");
        Path zip = tmp.resolve("model.pt");
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new java.util.zip.ZipEntry("archive/data.pkl"));
            out.write(new byte[] {(byte) 0x80, 2, 'c', 't', 'o', 'r', 'c', 'h'});
        }
        assertThatThrownBy(() -> StaticQuantizer.open(zip, 1)).isInstanceOf(OnnxModelException.class)
                .hasMessageContaining("not an ONNX model");
        Path old = write(TinyOnnxModels.residual(1, 11), "opset11.onnx");
        assertThatThrownBy(() -> StaticQuantizer.open(old, 1)).isInstanceOf(OnnxModelException.class)
                .hasMessageContaining("opset 11").hasMessageContaining("opset_import");
        ModelProto loop = TinyOnnxModels.residual(1, 13).toBuilder().setGraph(TinyOnnxModels.residual(1, 13).getGraph()
                .toBuilder().addNode(NodeProto.newBuilder().setOpType("Loop").setName("loop").addAttribute(
                        org.actionrec.backbone.onnx.OnnxIr.AttributeProto.newBuilder().setName("body")
                                .setType(org.actionrec.backbone.onnx.OnnxIr.AttributeProto.AttributeType.GRAPH)
                                .setG(org.actionrec.backbone.onnx.OnnxIr.GraphProto.newBuilder().setName("body")))))
                .build();
        Path withLoop = write(loop, "loop.onnx");
        assertThatThrownBy(() -> StaticQuantizer.open(withLoop, 1)).isInstanceOf(OnnxModelException.class)
                .hasMessageContaining("op Loop").hasMessageContaining("subgraph");
        Path source = write(TinyOnnxModels.residual(1, 13), "tiny.onnx");
        Path quantized;
        try (StaticQuantizer quantizer = StaticQuantizer.open(source, 1)) {
            quantizer.calibrate(images(8, 1), SIDE, false, ProgressListener.NONE);
            quantized = write(quantizer.quantize(CalibrationMethod.MINMAX, false, WeightRange.REDUCED, Map.of()), "tiny_int8.onnx");
        }
        assertThatThrownBy(() -> StaticQuantizer.open(quantized, 1)).isInstanceOf(OnnxModelException.class)
                .hasMessageContaining("quantized already").hasMessageContaining("QuantizeLinear");
    }

    /**
     * The shared MobileNetV2 calibrated on real JHMDB rgb keyframes (half the clips), as {@code quantize --streams rgb}
     * does: on rgb keyframes of the other clips and on the sanity photos its descriptors stay within cosine 0.99.
     */
    @Test
    void theSharedMobileNetCalibratedOnFramesKeepsItsDescriptorsOnOtherFramesAndPhotos() throws Exception {
        Map<String, Double> cosines = int8Cosines(StreamConfig.RGB_ONLY, 48, List.of(CalibrationMethod.PERCENTILE))
                .get(CalibrationMethod.PERCENTILE);
        cosines.forEach((kind, c) -> LOG.info("int8 MobileNetV2 calibrated on rgb: mean cosine to fp32 on {} {}", kind,
                String.format("%.4f", c)));
        // measured (reduced weights, AVX2): frames 0.9924, photos 0.9919; full weights on the AVX2 CPU: 0.944, 0.881
        assertThat(cosines.get("all")).isGreaterThanOrEqualTo(0.99);
        assertThat(cosines.get("photos")).isGreaterThanOrEqualTo(0.99);
    }

    /**
     * Calibrated on all four streams (the default), one int8 model serves images as unlike as photos and flow fields:
     * each stream keeps less than with its own calibration, and percentile ranges beat min/max.
     */
    @Test
    void theSharedMobileNetCalibratedOnFourStreamsKeepsEachStreamsDescriptors() throws Exception {
        Map<CalibrationMethod, Map<String, Double>> byMethod = int8Cosines(StreamConfig.ALL_STREAMS, 48,
                List.of(CalibrationMethod.PERCENTILE, CalibrationMethod.MINMAX));
        Map<String, Double> percentile = byMethod.get(CalibrationMethod.PERCENTILE);
        Map<String, Double> minmax = byMethod.get(CalibrationMethod.MINMAX);
        percentile.forEach((kind, c) -> LOG.info("int8 MobileNetV2 calibrated on four streams, percentile: mean cosine "
                + "to fp32 on {} {} (minmax {})", kind, String.format("%.4f", c), String.format("%.4f", minmax.get(kind))));
        // measured (reduced weights, AVX2): rgb 0.968, flow x/y 0.968 / 0.968, mhi 0.977, photos 0.983; minmax 0.91 over all
        for (String stream : List.of("rgb", "flow_x", "flow_y", "mhi", "photos")) {
            assertThat(percentile.get(stream)).as(stream).isGreaterThan(0.96);
        }
        assertThat(percentile.get("all")).isGreaterThan(minmax.get("all"));
    }

    /**
     * Quantizes the shared MobileNetV2 calibrated once on 128 keyframe images of {@code streams} from the first half of
     * JHMDB's clips, with each of {@code methods} (bias-corrected), and gives per method the mean cosine of its
     * descriptors to the float ones on {@code perStream} images of each stream from the other half and on the two
     * sanity photos: by stream name, "photos", and "all".
     */
    private Map<CalibrationMethod, Map<String, Double>> int8Cosines(StreamConfig streams, int perStream,
                                                                    List<CalibrationMethod> methods) throws Exception {
        return int8Cosines(streams, perStream, methods, WeightRange.REDUCED);
    }

    private Map<CalibrationMethod, Map<String, Double>> int8Cosines(StreamConfig streams, int perStream,
            List<CalibrationMethod> methods, WeightRange range) throws Exception {
        Path dir = SharedData.mobilenetV2();
        List<Path> clips;
        try (var s = Files.walk(SharedData.jhmdb())) {
            clips = s.filter(p -> p.toString().endsWith(".avi")).sorted().toList();
        }
        BackboneSpec spec = BackboneRegistry.standard().require("mobilenet_v2");
        CalibrationSampler.CalibrationSet calibration = new CalibrationSampler(streams, spec.preprocessing(),
                new FfmpegVideoReader(), 128, 1).sample(clips.subList(0, clips.size() / 2), ProgressListener.NONE);
        List<org.actionrec.streams.Stream> order = List.copyOf(streams.streams());
        List<float[]> test = new ArrayList<>(new CalibrationSampler(streams, spec.preprocessing(),
                new FfmpegVideoReader(), perStream * order.size(), 7).sample(clips.subList(clips.size() / 2,
                clips.size()), ProgressListener.NONE).images());
        int frames = test.size();
        test.add(org.actionrec.backbone.MobileNetV2BackboneTest.preprocess(dir.resolve("sanity/parrot.jpg")));
        test.add(org.actionrec.backbone.MobileNetV2BackboneTest.preprocess(dir.resolve("sanity/dog.jpg")));
        Path source = dir.resolve("mobilenet_v2_features.onnx");
        float[] all = new float[test.size() * spec.floatsPerImage()];
        for (int i = 0; i < test.size(); i++) {
            System.arraycopy(test.get(i), 0, all, i * spec.floatsPerImage(), spec.floatsPerImage());
        }
        BackboneOptions options = BackboneOptions.defaults().withIntraOpThreads(2).withPreferredBatchSize(8);
        float[][] want;
        try (Backbone fp32 = Backbones.open(source, spec, options)) {
            want = fp32.extract(all, test.size());
        }
        boolean histograms = methods.stream().anyMatch(m -> m != CalibrationMethod.MINMAX);
        Map<CalibrationMethod, Map<String, Double>> byMethod = new java.util.EnumMap<>(CalibrationMethod.class);
        try (StaticQuantizer quantizer = StaticQuantizer.open(source, 2)) {
            quantizer.calibrate(calibration.images(), spec.inputSize(), histograms, ProgressListener.NONE);
            for (CalibrationMethod method : methods) {
                Path out = tmp.resolve("mobilenet_v2_features_int8_" + method.id() + ".onnx");
                OnnxModelFile.write(quantizer.quantize(method, true, range, Map.of()), out);
                float[][] got;
                try (Backbone int8 = Backbones.open(out, spec, options)) {
                    got = int8.extract(all, test.size());
                }
                byMethod.put(method, meanCosines(want, got, frames, order));
            }
        }
        return byMethod;
    }

    /** Mean cosines of {@code got} to {@code want}: by stream (the sampler gives each keyframe's images in stream
     *  order), "photos" for the images after {@code frames}, and "all". */
    private static Map<String, Double> meanCosines(float[][] want, float[][] got, int frames,
                                                   List<org.actionrec.streams.Stream> order) {
        Map<String, double[]> sums = new java.util.LinkedHashMap<>();
        for (int i = 0; i < want.length; i++) {
            String kind = i >= frames ? "photos" : order.get(i % order.size()).name().toLowerCase(java.util.Locale.ROOT);
            double c = cosine(want[i], got[i]);
            for (String k : List.of(kind, "all")) {
                double[] sc = sums.computeIfAbsent(k, x -> new double[2]);
                sc[0] += c;
                sc[1]++;
            }
        }
        Map<String, Double> means = new java.util.LinkedHashMap<>();
        sums.forEach((k, sc) -> means.put(k, sc[0] / sc[1]));
        return means;
    }

    private Path write(ModelProto model, String name) throws Exception {
        Path p = tmp.resolve(name);
        OnnxModelFile.write(model, p);
        return p;
    }

    private static List<float[]> images(int n, long seed) {
        Random r = new Random(seed);
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(TinyOnnxModels.random(r, 3 * SIDE * SIDE, 1f));
        return out;
    }

    private static float[][] forward(Path model, List<float[]> images) throws Exception {
        ai.djl.engine.Engine.getEngine("OnnxRuntime");
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        float[][] out = new float[images.size()][];
        try (OrtSession s = env.createSession(model.toString(), new OrtSession.SessionOptions())) {
            for (int i = 0; i < images.size(); i++) {
                try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(images.get(i)),
                        new long[] {1, 3, SIDE, SIDE}); OrtSession.Result r = s.run(Map.of(TinyOnnxModels.INPUT, in))) {
                    out[i] = ((float[][]) r.get(0).getValue())[0];
                }
            }
        }
        return out;
    }

    static double cosine(float[] a, float[] b) {
        double d = 0, x = 0, y = 0;
        for (int i = 0; i < a.length; i++) {
            d += a[i] * b[i];
            x += a[i] * a[i];
            y += b[i] * b[i];
        }
        return d / Math.sqrt(x * y + 1e-30);
    }
}
