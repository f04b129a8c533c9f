package org.actionrec.backbone;

import java.util.Objects;

/**
 * A backbone loaded once and run by several threads, each through its own session: what a long-lived worker
 * process (a Spark executor) keeps per model file, so that each task opens a session and closes it when done
 * without loading the model again. Both engines run concurrent forward passes of one loaded model; the
 * intra-op threads given at load time are shared by the sessions.
 */
public final class SharedBackbone implements AutoCloseable {
    private final DjlBackbone loaded;

    private SharedBackbone(DjlBackbone loaded) {
        this.loaded = loaded;
    }

    /**
     * Shares a backbone opened by {@link Backbones}; closing the result closes it.
     *
     * @throws IllegalArgumentException for a backbone not run by DJL (e.g. a test double), which has no sessions
     */
    public static SharedBackbone of(Backbone loaded) {
        Objects.requireNonNull(loaded, "loaded");
        if (!(loaded instanceof DjlBackbone djl)) {
            throw new IllegalArgumentException(loaded + " cannot be shared: only backbones loaded by Backbones.open are");
        }
        return new SharedBackbone(djl);
    }

    public BackboneInfo info() {
        return loaded.info();
    }

    /** A new session for one thread; close it when done (the model stays loaded). */
    public Backbone openSession() {
        return loaded.openSession();
    }

    /** Frees the model; sessions still open must not be used afterwards. */
    @Override
    public void close() {
        loaded.close();
    }
}
