package org.actionrec.backbone;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ai.djl.Device;
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
import ai.onnxruntime.OrtEnvironment;

/** A backbone run by DJL on the PyTorch (TorchScript) or ONNX Runtime engine, on the CPU. */
final class DjlBackbone implements Backbone {
    private static final Logger LOG = LoggerFactory.getLogger(DjlBackbone.class);

    /** A slice of the caller's floats: {@code count} images from the buffer's position. */
    record ImageBatch(FloatBuffer data, int count) {
    }

    private final ZooModel<ImageBatch, float[][]> model;
    private final Predictor<ImageBatch, float[][]> predictor;
    private final ResolvedModel file;
    private final int batchSize;
    private final BackboneInfo info;
    /** False for a session opened on another instance's model: closing it leaves the model loaded. */
    private final boolean ownsModel;

    private DjlBackbone(ZooModel<ImageBatch, float[][]> model, Predictor<ImageBatch, float[][]> predictor,
                        BackboneSpec spec, ResolvedModel file, BackboneOptions options, int descriptorSize) {
        this.model = model;
        this.predictor = predictor;
        this.file = file;
        this.batchSize = options.preferredBatchSize();
        this.info = new BackboneInfo(spec.name(), file.file().toString(), file.sha256(), file.reference(),
                options.engine(), engineVersion(options.engine()), Engine.getDjlVersion(), spec,
                descriptorSize, options.intraOpThreads(), options.preferredBatchSize());
        this.ownsModel = true;
    }

    private DjlBackbone(DjlBackbone loaded) {
        this.model = loaded.model;
        // Its own translator too: the translator's reused input buffers are not safe across threads.
        this.predictor = loaded.model.newPredictor(new BatchTranslator(loaded.info.spec().inputSize()));
        this.file = loaded.file;
        this.batchSize = loaded.batchSize;
        this.info = loaded.info;
        this.ownsModel = false;
    }

    /**
     * A session on this instance's loaded model: its own predictor and input buffers, so it may run on
     * another thread beside this one; closing it closes only its predictor. Close the sessions before this.
     */
    DjlBackbone openSession() {
        return new DjlBackbone(this);
    }

    static DjlBackbone load(ResolvedModel file, BackboneSpec spec, BackboneOptions options) throws BackboneException {
        BackboneEngine engine = options.engine();
        try {
            Engine.getEngine(engine.djlName());
        } catch (RuntimeException e) {
            throw new BackboneLoadException("the " + engine.djlName() + " engine could not start, so " + file.file()
                    + " cannot be loaded: " + e.getMessage(), e);
        }
        Criteria.Builder<ImageBatch, float[][]> criteria = Criteria.builder()
                .setTypes(ImageBatch.class, float[][].class)
                // Folder plus file name rather than the file itself: both engines then load exactly that file,
                // and DJL does not warn about a repository pointing at a non-archive file.
                .optModelPath(file.file().getParent())
                .optModelName(file.file().getFileName().toString())
                .optEngine(engine.djlName())
                .optDevice(Device.cpu())
                .optTranslator(new BatchTranslator(spec.inputSize()));
        Backbones.setThreads(criteria, engine, options.intraOpThreads());
        if (engine == BackboneEngine.ONNX_RUNTIME) {
            criteria.optArgument("sessionOptions", ortSessionOptions());
        }
        long start = System.nanoTime();
        ZooModel<ImageBatch, float[][]> model;
        try {
            model = criteria.build().loadModel();
        } catch (ModelNotFoundException | MalformedModelException | IOException | RuntimeException e) {
            throw new BackboneLoadException("cannot load " + file.file() + " with " + engine.djlName() + " "
                    + engineVersion(engine) + ": " + e.getMessage(), e);
        }
        Predictor<ImageBatch, float[][]> predictor = model.newPredictor();
        int size;
        try {
            // One forward pass on an all-zero (mean-grey) image: measures the descriptor size and warms the engine up.
            float[][] probe = predict(predictor, FloatBuffer.wrap(new float[spec.floatsPerImage()]), 1, file);
            size = probe[0].length;
        } catch (BackboneException | RuntimeException e) {
            predictor.close();
            model.close();
            throw new BackboneLoadException(file.file() + " does not take input [1,3," + spec.inputSize() + ","
                    + spec.inputSize() + "] float32 as a " + spec.name() + " backbone should: " + e.getMessage(), e);
        }
        if (size != spec.descriptorSize()) {
            LOG.info("{} gives {} floats per image where {} promises {} ({}); using {}", file.file(), size,
                    spec.name(), spec.descriptorSize(), spec.descriptorLayer(), size);
        }
        LOG.info("loaded {} ({}, sha256 {}) on {} {} in {} ms: descriptor {}, batch {}, intra-op threads {}",
                file.file(), spec.name(), file.sha256(), engine.djlName(), engineVersion(engine),
                (System.nanoTime() - start) / 1_000_000, size, options.preferredBatchSize(),
                options.intraOpThreads() > 0 ? options.intraOpThreads() : "engine default");
        return new DjlBackbone(model, predictor, spec, file, options, size);
    }

    /** The native runtime's own version: DJL's OrtEngine reports the ONNX Runtime it was built with, not the one loaded. */
    static String engineVersion(BackboneEngine engine) {
        if (engine == BackboneEngine.ONNX_RUNTIME) {
            try {
                return OrtEnvironment.getEnvironment().getVersion();
            } catch (RuntimeException | LinkageError e) {
                LOG.debug("could not ask ONNX Runtime for its version", e);
            }
        }
        return Engine.getEngine(engine.djlName()).getVersion();
    }

    @Override
    public BackboneInfo info() {
        return info;
    }

    @Override
    public float[][] extract(FloatBuffer images, int count) throws BackboneException {
        requireImages(count, images.remaining());
        int per = floatsPerImage();
        float[][] out = new float[count][];
        for (int first = 0; first < count; first += batchSize) {
            int n = Math.min(batchSize, count - first);
            FloatBuffer slice = images.duplicate();
            slice.position(images.position() + first * per).limit(images.position() + (first + n) * per);
            float[][] part = predict(predictor, slice, n, file);
            System.arraycopy(part, 0, out, first, n);
        }
        return out;
    }

    private static float[][] predict(Predictor<ImageBatch, float[][]> predictor, FloatBuffer slice, int n,
                                     ResolvedModel file) throws BackboneException {
        float[][] rows;
        try {
            rows = predictor.predict(new ImageBatch(slice, n));
        } catch (TranslateException | RuntimeException e) {
            throw new BackboneInferenceException("forward pass of " + n + " images through " + file.file()
                    + " failed: " + e.getMessage(), e);
        }
        if (rows.length != n) {
            throw new BackboneInferenceException(file.file() + " gave " + rows.length + " outputs for " + n
                    + " images; its first output must have the batch as its first dimension", null);
        }
        return rows;
    }

    @Override
    public void close() {
        predictor.close();
        if (ownsModel) {
            model.close();
        }
    }

    @Override
    public String toString() {
        return "Backbone[" + info.name() + ", " + info.engine() + ", " + info.file() + "]";
    }

    /**
     * Copies a batch into a reused direct buffer and reads the first output back as rows. The buffer is reused
     * per batch size because creating arrays from {@code float[]} allocates direct memory freed only at GC.
     */
    static final class BatchTranslator implements NoBatchifyTranslator<ImageBatch, float[][]> {
        private final int side;
        private final Map<Integer, ByteBuffer> buffers = new HashMap<>();

        BatchTranslator(int side) {
            this.side = side;
        }

        @Override
        public NDList processInput(TranslatorContext ctx, ImageBatch batch) {
            int n = batch.count();
            int floats = n * 3 * side * side;
            ByteBuffer buffer = buffers.computeIfAbsent(n,
                    k -> ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()));
            buffer.clear();
            FloatBuffer source = batch.data().duplicate();
            source.limit(source.position() + floats);
            buffer.asFloatBuffer().put(source);
            NDArray input = ctx.getNDManager().create(buffer, new Shape(n, 3, side, side), DataType.FLOAT32);
            return new NDList(input);
        }

        @Override
        public float[][] processOutput(TranslatorContext ctx, NDList list) {
            NDArray output = list.get(0);
            Shape shape = output.getShape();
            if (shape.dimension() < 2 || output.getDataType() != DataType.FLOAT32) {
                throw new IllegalStateException("expected a float32 output of shape [N, D] or [N, D, 1, 1], got "
                        + output.getDataType() + " " + shape);
            }
            int n = Math.toIntExact(shape.get(0));
            int per = Math.toIntExact(shape.size() / Math.max(n, 1));
            float[] all = output.toFloatArray();
            float[][] rows = new float[n][per];
            for (int i = 0; i < n; i++) {
                System.arraycopy(all, i * per, rows[i], 0, per);
            }
            return rows;
        }
    }

    /**
     * ONNX Runtime's pool threads spin-wait between operators by default, which takes a whole core from the
     * threads decoding and computing optical flow beside it; on two cores letting them sleep is faster overall.
     */
    private static ai.onnxruntime.OrtSession.SessionOptions ortSessionOptions() throws BackboneLoadException {
        try {
            ai.onnxruntime.OrtSession.SessionOptions so = new ai.onnxruntime.OrtSession.SessionOptions();
            so.addConfigEntry("session.intra_op.allow_spinning", System.getProperty("actionrec.ort.spinning", "0"));
            return so;
        } catch (ai.onnxruntime.OrtException e) {
            throw new BackboneLoadException("cannot set ONNX Runtime session options: " + e.getMessage(), e);
        }
    }
}
