package org.actionrec.backbone.clip;

import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslateException;
import ai.djl.translate.TranslatorContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.actionrec.backbone.BackboneEngine;
import org.actionrec.backbone.BackboneException;
import org.actionrec.backbone.BackboneInferenceException;
import org.actionrec.backbone.BackboneLoadException;
import org.actionrec.backbone.BackboneOptions;
import org.actionrec.backbone.Backbones;
import org.actionrec.backbone.FileDigestCache;
import org.actionrec.backbone.onnx.OnnxIr.GraphProto;
import org.actionrec.backbone.onnx.OnnxIr.TensorProto;
import org.actionrec.backbone.onnx.OnnxIr.TensorShapeProto;
import org.actionrec.backbone.onnx.OnnxIr.ValueInfoProto;
import org.actionrec.backbone.onnx.OnnxModelException;
import org.actionrec.backbone.onnx.OnnxModelFile;

/**
 * A model that reads a whole clip (a 3D CNN, or a TSM-style 2D network with the frames in the batch), as users
 * export them from mmaction2 or PyTorchVideo, run by DJL on ONNX Runtime or PyTorch. Its output, averaged as its
 * {@link ClipLayout} says, is the clip's embedding.
 *
 * <p>Input to {@link #embed}: {@code count} clips, each its {@code T} preprocessed frames one after another, each
 * frame CHW ({@code [count, T, 3, S, S]}, as {@code ImagePreprocessor} writes frames); they are laid out for the
 * model as its layout says. On opening, an ONNX file's declared input is checked against the spec, and one clip
 * of zeros is run to check the embedding's size, so a wrong layout or spec fails there with what differs.
 *
 * <p>Not safe for concurrent calls: one instance per thread.
 */
public final class ClipBackbone implements AutoCloseable {
    /** Provenance of a loaded clip model. */
    public record Info(String name, String file, String sha256, BackboneEngine engine, String engineVersion,
                       String djlVersion, ClipBackboneSpec spec, int intraOpThreads, int clipsPerPass) {
    }

    private record ClipBatch(FloatBuffer frames, int count) {
    }

    private record Output(float[] values, long[] shape) {
    }

    private final ZooModel<ClipBatch, Output> model;
    private final Predictor<ClipBatch, Output> predictor;
    private final Info info;

    private ClipBackbone(ZooModel<ClipBatch, Output> model, Predictor<ClipBatch, Output> predictor, Info info) {
        this.model = model;
        this.predictor = predictor;
        this.info = info;
    }

    /** Opens {@code file} with the spec beside it ({@link ClipBackboneSpec#besideModel}). */
    public static ClipBackbone open(Path file, BackboneOptions options) throws BackboneException {
        return open(file, ClipBackboneSpec.read(ClipBackboneSpec.besideModel(file)), options);
    }

    /**
     * Opens {@code file} as a clip model described by {@code spec}.
     *
     * @throws BackboneLoadException where the file cannot be read, declares another input than the spec's, or
     *                               gives an embedding of another size than {@code spec.embeddingSize()}
     */
    public static ClipBackbone open(Path file, ClipBackboneSpec spec, BackboneOptions options) throws BackboneException {
        Path abs = file.toAbsolutePath().normalize();
        BackboneEngine engine = options.engine() != null ? options.engine() : BackboneEngine.forFile(abs)
                .orElseThrow(() -> new BackboneLoadException("cannot tell the engine of " + abs + " from its "
                        + "extension: name the file .onnx (ONNX Runtime) or .pt (TorchScript)"));
        String sha;
        try {
            sha = FileDigestCache.computeSha256(abs);
        } catch (IOException e) {
            throw new BackboneLoadException("cannot read clip model " + abs + ": " + e, e);
        }
        if (engine == BackboneEngine.ONNX_RUNTIME) checkDeclaredInput(abs, spec);
        try {
            Engine.getEngine(engine.djlName());
        } catch (RuntimeException e) {
            throw new BackboneLoadException("the " + engine.djlName() + " engine could not start, so " + abs
                    + " cannot be loaded: " + e.getMessage(), e);
        }
        Criteria.Builder<ClipBatch, Output> criteria = Criteria.builder().setTypes(ClipBatch.class, Output.class)
                .optModelPath(abs.getParent()).optModelName(abs.getFileName().toString())
                .optEngine(engine.djlName()).optDevice(ai.djl.Device.cpu())
                .optTranslator(new ClipTranslator(spec));
        Backbones.setThreads(criteria, engine, options.intraOpThreads());
        ZooModel<ClipBatch, Output> model;
        try {
            model = criteria.build().loadModel();
        } catch (ModelNotFoundException | MalformedModelException | IOException | RuntimeException e) {
            throw new BackboneLoadException("cannot load clip model " + abs + " with " + engine.djlName() + ": "
                    + e.getMessage(), e);
        }
        Predictor<ClipBatch, Output> predictor = model.newPredictor();
        Info info = new Info(spec.name(), abs.toString(), sha, engine, Backbones.engineVersion(engine),
                Engine.getDjlVersion(), spec, options.intraOpThreads(), Math.max(1, options.preferredBatchSize()));
        ClipBackbone b = new ClipBackbone(model, predictor, info);
        try {
            float[] embedding;
            try {
                embedding = b.embed(new float[spec.floatsPerClip()], 1)[0];
            } catch (BackboneInferenceException e) {
                throw new BackboneLoadException(abs + " does not take a clip as " + spec.layout().id() + " "
                        + spec.layout().shape(spec.clipLength(), spec.inputSize()) + " float32, as its spec says: "
                        + e.getMessage(), e);
            }
            if (embedding.length != spec.embeddingSize()) {
                throw new BackboneLoadException(abs + " gives a clip embedding of " + embedding.length
                        + " floats where its spec's embedding_size says " + spec.embeddingSize());
            }
        } catch (BackboneException | RuntimeException e) {
            b.close();
            throw e;
        }
        return b;
    }

    /** Provenance: file, sha256, engine, spec. */
    public Info info() {
        return info;
    }

    public ClipBackboneSpec spec() {
        return info.spec();
    }

    /** Floats in one clip's embedding. */
    public int embeddingSize() {
        return info.spec().embeddingSize();
    }

    /**
     * Embeddings of {@code count} clips held in {@code clips[0 .. count * spec().floatsPerClip())}; at most
     * {@code clipsPerPass} clips go through the model at a time, and the result does not depend on how many.
     */
    public float[][] embed(float[] clips, int count) throws BackboneException {
        int per = spec().floatsPerClip();
        if (count < 0 || (long) count * per > clips.length) {
            throw new IllegalArgumentException("need " + count + " clips of " + spec().clipLength() + "x3x"
                    + spec().inputSize() + "x" + spec().inputSize() + " = " + ((long) count * per) + " floats, got "
                    + clips.length);
        }
        float[][] out = new float[count][];
        for (int first = 0; first < count; first += info.clipsPerPass()) {
            int n = Math.min(info.clipsPerPass(), count - first);
            Output o;
            try {
                o = predictor.predict(new ClipBatch(FloatBuffer.wrap(clips, first * per, n * per).slice(), n));
            } catch (TranslateException | RuntimeException e) {
                throw new BackboneInferenceException("forward pass of " + n + " clips through " + info.file()
                        + " failed: " + e.getMessage(), e);
            }
            float[][] part = pool(o, n);
            System.arraycopy(part, 0, out, first, n);
        }
        return out;
    }

    /** The model's output averaged into one row per clip, as the layout says. */
    private float[][] pool(Output o, int clips) throws BackboneInferenceException {
        long[] s = o.shape();
        int frames = spec().clipLength();
        int rows;
        if (s.length >= 1 && s[0] == clips) {
            rows = 1;
        } else if (spec().layout() == ClipLayout.TSM && s.length >= 1 && s[0] == (long) clips * frames) {
            rows = frames;
        } else {
            throw new BackboneInferenceException(info.file() + " gave an output of shape " + Arrays.toString(s)
                    + " for " + clips + " clips; a clip model's first output must have the clips"
                    + (spec().layout() == ClipLayout.TSM ? " (or their " + frames + " frames each)" : "")
                    + " as its first dimension", null);
        }
        int channels = s.length >= 2 ? (int) s[1] : 1;
        int rest = 1;
        for (int d = 2; d < s.length; d++) rest *= (int) s[d];
        float[] v = o.values();
        float[][] out = new float[clips][channels];
        for (int c = 0; c < clips; c++) {
            for (int r = 0; r < rows; r++) {
                int base = (c * rows + r) * channels * rest;
                for (int ch = 0; ch < channels; ch++) {
                    double sum = 0;
                    for (int k = 0; k < rest; k++) sum += v[base + ch * rest + k];
                    out[c][ch] += (float) (sum / rest / rows);
                }
            }
        }
        return out;
    }

    /**
     * An ONNX file's declared input against the spec: rank, channels, T (NCTHW) and side, where the file fixes
     * them; a symbolic dimension is taken as it comes.
     */
    private static void checkDeclaredInput(Path file, ClipBackboneSpec spec) throws BackboneLoadException {
        GraphProto g;
        try {
            g = OnnxModelFile.read(file).getGraph();
        } catch (OnnxModelException e) {
            throw new BackboneLoadException("cannot read clip model " + file + ": " + e.getMessage(), e);
        }
        Set<String> weights = new java.util.HashSet<>();
        for (TensorProto t : g.getInitializerList()) weights.add(t.getName());
        ValueInfoProto input = g.getInputList().stream().filter(v -> !weights.contains(v.getName())).findFirst()
                .orElseThrow(() -> new BackboneLoadException(file + " declares no input"));
        if (!input.getType().hasTensorType() || !input.getType().getTensorType().hasShape()) return;
        List<Long> dims = new ArrayList<>();
        for (TensorShapeProto.Dimension d : input.getType().getTensorType().getShape().getDimList()) {
            dims.add(d.hasDimValue() ? d.getDimValue() : -1L);
        }
        String declared = dims.stream().map(d -> d < 0 ? "?" : Long.toString(d))
                .collect(java.util.stream.Collectors.joining(",", "[", "]"));
        String want = spec.layout().id() + " " + spec.layout().shape(spec.clipLength(), spec.inputSize());
        String prefix = file.getFileName() + " declares input '" + input.getName() + "' as " + declared + " where its "
                + "spec (layout " + want + ") needs ";
        int rank = spec.layout() == ClipLayout.NCTHW ? 5 : 4;
        if (dims.size() != rank) {
            String other = rank == 5 ? "tsm" : "ncthw";
            throw new BackboneLoadException(prefix + "rank " + rank + (dims.size() == (rank == 5 ? 4 : 5)
                    ? ": is it a " + other + " model? Set \"layout\": \"" + other + "\" in its spec" : ""));
        }
        check(dims.get(1), 3, prefix, "3 colour channels in dimension 1");
        if (rank == 5) check(dims.get(2), spec.clipLength(), prefix, "clip_length " + spec.clipLength() + " in dimension 2");
        check(dims.get(rank - 2), spec.inputSize(), prefix, "input_size " + spec.inputSize() + " in dimension " + (rank - 2));
        check(dims.get(rank - 1), spec.inputSize(), prefix, "input_size " + spec.inputSize() + " in dimension " + (rank - 1));
        if (rank == 4 && dims.get(0) > 0 && dims.get(0) % spec.clipLength() != 0) {
            throw new BackboneLoadException(prefix + "a batch that is a multiple of clip_length " + spec.clipLength());
        }
    }

    private static void check(long declared, int wanted, String prefix, String what) throws BackboneLoadException {
        if (declared >= 0 && declared != wanted) throw new BackboneLoadException(prefix + what);
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }

    /** Lays clips out for the model in a reused direct buffer per clip count, and reads the first output back. */
    private static final class ClipTranslator implements NoBatchifyTranslator<ClipBatch, Output> {
        private final ClipBackboneSpec spec;
        private final java.util.Map<Integer, ByteBuffer> buffers = new java.util.HashMap<>();

        ClipTranslator(ClipBackboneSpec spec) {
            this.spec = spec;
        }

        @Override
        public NDList processInput(TranslatorContext ctx, ClipBatch batch) {
            int n = batch.count();
            int t = spec.clipLength();
            int side = spec.inputSize();
            int plane = side * side;
            int floats = n * spec.floatsPerClip();
            ByteBuffer bytes = buffers.computeIfAbsent(n,
                    k -> ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()));
            FloatBuffer to = bytes.clear().asFloatBuffer();
            FloatBuffer from = batch.frames().duplicate();
            Shape shape;
            if (spec.layout() == ClipLayout.TSM) {
                // [n, T, 3, S, S] is already [n*T, 3, S, S]
                from.limit(floats);
                to.put(from);
                shape = new Shape((long) n * t, 3, side, side);
            } else {
                // [n, T, 3, S, S] -> [n, 3, T, S, S], plane by plane
                for (int c = 0; c < n; c++) {
                    for (int ch = 0; ch < 3; ch++) {
                        for (int f = 0; f < t; f++) {
                            int at = ((c * t + f) * 3 + ch) * plane;
                            to.put(from.duplicate().position(at).limit(at + plane));
                        }
                    }
                }
                shape = new Shape(n, 3, t, side, side);
            }
            NDArray input = ctx.getNDManager().create(bytes, shape, DataType.FLOAT32);
            return new NDList(input);
        }

        @Override
        public Output processOutput(TranslatorContext ctx, NDList list) {
            NDArray out = list.get(0);
            return new Output(out.toType(DataType.FLOAT32, false).toFloatArray(), out.getShape().getShape());
        }
    }
}
