package org.actionrec.backbone.quantize;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.actionrec.ProgressListener;
import org.actionrec.backbone.onnx.OnnxIr.GraphProto;
import org.actionrec.backbone.onnx.OnnxIr.ModelProto;
import org.actionrec.backbone.onnx.OnnxIr.StringStringEntryProto;
import org.actionrec.backbone.onnx.OnnxIr.TensorProto;
import org.actionrec.backbone.onnx.OnnxIr.TypeProto;
import org.actionrec.backbone.onnx.OnnxIr.ValueInfoProto;
import org.actionrec.backbone.onnx.OnnxModelException;
import org.actionrec.backbone.onnx.OnnxModelFile;

/**
 * Static post-training quantization of a float ONNX backbone: runs the float model on calibration images with
 * every tensor to be quantized as an extra output, records what each took ({@link ActivationStatistics}), and
 * writes the QDQ model ({@link QdqGraphWriter}) for a {@link CalibrationMethod}. Deterministic: the same file and
 * images give the same bytes.
 *
 * <pre>{@code
 * try (StaticQuantizer q = StaticQuantizer.open(file, 2)) {
 *     q.calibrate(images, 224, true, ProgressListener.NONE);
 *     OnnxModelFile.write(q.quantize(CalibrationMethod.PERCENTILE, true, WeightRange.REDUCED, metadata), out);
 * }
 * }</pre>
 */
public final class StaticQuantizer implements AutoCloseable {
    /** Images per forward pass while calibrating: every quantized tensor of each image comes back to Java. */
    private static final int BATCH = 4;

    /** Calibration images bias correction measures each node on (whole batches). */
    static final int BIAS_IMAGES = 32;

    private final Path file;
    private final int threads;
    private final QuantizationPlan plan;
    private final OrtSession session;
    private ActivationStatistics statistics;
    /** The float model's per-channel means of the bias-corrected nodes' outputs, by output. */
    private Map<String, ChannelMeans> floatMeans;
    private List<float[]> images;
    private int side;

    private StaticQuantizer(Path file, QuantizationPlan plan, OrtSession session, int threads) {
        this.file = file;
        this.threads = threads;
        this.plan = plan;
        this.session = session;
    }

    /**
     * Reads and checks {@code file} and opens the float model with its quantized tensors as outputs.
     *
     * @param threads ONNX Runtime intra-op threads (0: its default)
     * @throws OnnxModelException for a damaged, foreign or unsupported model, naming the op or field
     */
    public static StaticQuantizer open(Path file, int threads) throws OnnxModelException {
        ModelProto model = OnnxModelFile.read(file);
        QuantizationPlan plan = QuantizationPlan.of(model, file.toString());
        GraphProto.Builder g = model.getGraph().toBuilder();
        Set<String> outputs = new LinkedHashSet<>();
        for (ValueInfoProto o : g.getOutputList()) outputs.add(o.getName());
        Set<String> observed = new LinkedHashSet<>(plan.calibrated());
        observed.addAll(plan.biasCorrected().values());
        for (String name : observed) {
            if (!outputs.contains(name)) g.addOutput(floatOutput(name));
        }
        byte[] withOutputs = model.toBuilder().setGraph(g).build().toByteArray();
        // DJL's engine makes the process's ONNX Runtime environment with its own thread settings, and refuses to
        // start after another was made: start it first, so backbones still open after calibrating.
        startDjlEngine(file);
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            if (threads > 0) so.setIntraOpNumThreads(threads);
            so.setInterOpNumThreads(1);
            OrtSession session = OrtEnvironment.getEnvironment().createSession(withOutputs, so);
            return new StaticQuantizer(file, plan, session, threads);
        } catch (OrtException e) {
            throw new OnnxModelException("ONNX Runtime cannot run " + file + " with its tensors as outputs: "
                    + e.getMessage(), e);
        }
    }

    /** A float tensor of the graph made an output, so a session hands it back. */
    private static ValueInfoProto floatOutput(String name) {
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE))).build();
    }

    private static void startDjlEngine(Path file) throws OnnxModelException {
        try {
            ai.djl.engine.Engine.getEngine("OnnxRuntime");
        } catch (RuntimeException e) {
            throw new OnnxModelException("the OnnxRuntime engine could not start, so " + file + " cannot be "
                    + "calibrated: " + e.getMessage(), e);
        }
    }

    /** How many Conv, Gemm, MatMul and Add nodes become int8. */
    public int quantizedNodes() {
        return plan.quantizedNodes.size();
    }

    /**
     * Runs the float model on the images and records each quantized tensor's values.
     *
     * @param images     CHW images of side {@code side}, preprocessed as the backbone expects
     * @param histograms also make the second pass that the percentile and entropy methods need
     * @param progress   told per image, over both passes
     */
    public void calibrate(List<float[]> images, int side, boolean histograms, ProgressListener progress)
            throws OnnxModelException {
        if (images.isEmpty()) throw new IllegalArgumentException("no calibration images");
        ActivationStatistics s = new ActivationStatistics(plan.calibrated());
        Map<String, ChannelMeans> means = new LinkedHashMap<>();
        for (String out : plan.biasCorrected().values()) means.put(out, new ChannelMeans());
        int passes = histograms ? 2 : 1;
        long total = (long) images.size() * passes;
        for (int pass = 0; pass < passes; pass++) {
            for (int first = 0; first < images.size(); first += BATCH) {
                int n = Math.min(BATCH, images.size() - first);
                // bias correction compares channel means on the first BIAS_IMAGES images, quantized and float
                run(images.subList(first, first + n), side, s, pass > 0 ? null : first < BIAS_IMAGES ? means : Map.of());
                progress.progress((long) pass * images.size() + first + n, total, "calibration pass " + (pass + 1));
            }
        }
        this.statistics = s;
        this.floatMeans = means;
        this.images = List.copyOf(images);
        this.side = side;
    }

    /** One batch through the float model: the range pass (means to add to, maybe none) or the histogram pass (null). */
    private void run(List<float[]> batch, int side, ActivationStatistics s, Map<String, ChannelMeans> means)
            throws OnnxModelException {
        List<String> names = s.names();
        Set<String> wanted = new LinkedHashSet<>(names);
        if (means != null) wanted.addAll(means.keySet());
        try (OnnxTensor input = input(batch, side);
             OrtSession.Result result = session.run(Map.of(plan.inputName, input), wanted)) {
            for (int t = 0; t < names.size(); t++) {
                FloatBuffer values = ((OnnxTensor) result.get(names.get(t)).orElseThrow()).getFloatBuffer();
                if (means != null) s.observeRange(t, values);
                else s.observeHistogram(t, values);
            }
            if (means != null) addMeans(result, means);
        } catch (OrtException e) {
            throw new OnnxModelException("calibrating " + file + " failed in ONNX Runtime: " + e.getMessage(), e);
        }
    }

    private static OnnxTensor input(List<float[]> batch, int side) throws OrtException {
        int per = 3 * side * side;
        float[] data = new float[batch.size() * per];
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i).length != per) {
                throw new IllegalArgumentException("calibration image of " + batch.get(i).length + " floats, not 3x"
                        + side + "x" + side);
            }
            System.arraycopy(batch.get(i), 0, data, i * per, per);
        }
        return OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), FloatBuffer.wrap(data),
                new long[] {batch.size(), 3, side, side});
    }

    private static void addMeans(OrtSession.Result result, Map<String, ChannelMeans> means) throws OrtException {
        for (Map.Entry<String, ChannelMeans> e : means.entrySet()) {
            OnnxTensor t = (OnnxTensor) result.get(e.getKey()).orElseThrow();
            e.getValue().add(t.getFloatBuffer(), t.getInfo().getShape());
        }
    }

    /** The calibrated range of every quantized tensor by {@code method}. */
    public Map<String, ActivationRange> ranges(CalibrationMethod method) {
        if (statistics == null) throw new IllegalStateException("calibrate first");
        return statistics.ranges(method, plan.nonNegative(), plan.upperBounds());
    }

    /**
     * The QDQ model by {@code method}'s ranges, with {@code metadata} added to (or replacing keys of) the source's
     * {@code metadata_props}.
     *
     * @param biasCorrection correct each Conv/Gemm bias for the mean shift int8 gives its output (runs the model once
     *                       per such node on {@link #BIAS_IMAGES} calibration images)
     * @param weights        the int8 weights' levels: {@link WeightRange#REDUCED} unless the model will only run on
     *                       CPUs with VNNI
     */
    public ModelProto quantize(CalibrationMethod method, boolean biasCorrection, WeightRange weights,
                               Map<String, String> metadata) throws OnnxModelException {
        if (method != CalibrationMethod.MINMAX && (statistics == null || !statistics.hasHistograms())) {
            throw new IllegalStateException(method.id() + " needs calibrate(..., histograms = true)");
        }
        Map<String, ActivationRange> ranges = ranges(method);
        Map<Integer, float[]> shifts = biasCorrection ? correctBiases(ranges, weights) : Map.of();
        ModelProto q = QdqGraphWriter.write(plan, ranges, shifts, weights);
        Map<String, String> props = new LinkedHashMap<>(OnnxModelFile.metadata(q));
        props.putAll(metadata);
        ModelProto.Builder b = q.toBuilder().clearMetadataProps();
        props.forEach((k, v) -> b.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return b.build();
    }

    /**
     * Empirical bias correction: int8 rounding shifts each channel's mean (more so where values crowd near zero,
     * as after a ReLU), and the shifts add up through the network. Node by node in graph order, the quantized model
     * (with the corrections so far) is run on calibration images and the node's bias moved by the difference between
     * its output's float and quantized channel means. One node at a time: correcting all at once counts an upstream
     * error twice, once where it arises and once in every node after it.
     */
    private Map<Integer, float[]> correctBiases(Map<String, ActivationRange> ranges, WeightRange weights)
            throws OnnxModelException {
        Map<Integer, float[]> shifts = new java.util.HashMap<>();
        List<float[]> subset = images.subList(0, Math.min(images.size(), BIAS_IMAGES));
        for (Map.Entry<Integer, String> e : plan.biasCorrected().entrySet()) {
            ModelProto quantized = QdqGraphWriter.write(plan, ranges, shifts, weights);
            GraphProto.Builder g = quantized.getGraph().toBuilder().addOutput(floatOutput(e.getValue()));
            ChannelMeans got = new ChannelMeans();
            try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
                if (threads > 0) so.setIntraOpNumThreads(threads);
                so.setInterOpNumThreads(1);
                try (OrtSession q = OrtEnvironment.getEnvironment().createSession(
                        quantized.toBuilder().setGraph(g).build().toByteArray(), so)) {
                    for (int first = 0; first < subset.size(); first += BATCH) {
                        List<float[]> batch = subset.subList(first, Math.min(subset.size(), first + BATCH));
                        try (OnnxTensor input = input(batch, side);
                             OrtSession.Result result = q.run(Map.of(plan.inputName, input), Set.of(e.getValue()))) {
                            addMeans(result, Map.of(e.getValue(), got));
                        }
                    }
                }
            } catch (OrtException x) {
                throw new OnnxModelException("running the quantized " + file + " for bias correction failed in ONNX "
                        + "Runtime: " + x.getMessage(), x);
            }
            double[] want = floatMeans.get(e.getValue()).means();
            double[] have = got.means();
            float[] shift = new float[want.length];
            for (int c = 0; c < shift.length; c++) shift[c] = (float) (want[c] - have[c]);
            shifts.put(e.getKey(), shift);
        }
        return shifts;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            // nothing is left to release that the process exit does not
        }
    }
}
