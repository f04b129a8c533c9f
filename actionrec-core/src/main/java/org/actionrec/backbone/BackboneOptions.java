package org.actionrec.backbone;

/**
 * How to run a backbone.
 *
 * @param engine             the engine, or {@code null} to choose by the file's extension
 * @param intraOpThreads     threads one forward pass may use; 0 leaves the engine's setting (for PyTorch the
 *                           {@code ai.djl.pytorch.num_threads} system property). PyTorch's setting is process-wide
 *                           (libtorch has one intra-op pool), ONNX Runtime's is per model.
 * @param preferredBatchSize images per forward pass; larger calls are split into batches of this size.
 *                           ONNX Runtime is fastest at 5–8 here; keep it modest for big nets (native memory grows
 *                           with the batch, outside the Java heap).
 */
public record BackboneOptions(BackboneEngine engine, int intraOpThreads, int preferredBatchSize) {

    /** The default: engine by extension, engine's own thread count, batch 8. */
    public static final int DEFAULT_BATCH_SIZE = 8;

    public BackboneOptions {
        if (intraOpThreads < 0) {
            throw new IllegalArgumentException("intraOpThreads must be >= 0 (0 = engine default): " + intraOpThreads);
        }
        if (preferredBatchSize < 1) {
            throw new IllegalArgumentException("preferredBatchSize must be >= 1: " + preferredBatchSize);
        }
    }

    public static BackboneOptions defaults() {
        return new BackboneOptions(null, 0, DEFAULT_BATCH_SIZE);
    }

    public BackboneOptions withEngine(BackboneEngine e) {
        return new BackboneOptions(e, intraOpThreads, preferredBatchSize);
    }

    public BackboneOptions withIntraOpThreads(int threads) {
        return new BackboneOptions(engine, threads, preferredBatchSize);
    }

    public BackboneOptions withPreferredBatchSize(int batch) {
        return new BackboneOptions(engine, intraOpThreads, batch);
    }
}
