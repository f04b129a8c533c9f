package org.actionrec.spark;

import java.nio.FloatBuffer;
import org.actionrec.backbone.Backbone;
import org.actionrec.backbone.BackboneException;
import org.actionrec.backbone.BackboneInfo;
import org.apache.spark.util.LongAccumulator;

/** A task's backbone session that adds the time of its forward passes to an accumulator. */
final class TimedBackbone implements Backbone {
    private final Backbone session;
    private final LongAccumulator nanos;

    TimedBackbone(Backbone session, LongAccumulator nanos) {
        this.session = session;
        this.nanos = nanos;
    }

    @Override
    public BackboneInfo info() {
        return session.info();
    }

    @Override
    public float[][] extract(FloatBuffer images, int count) throws BackboneException {
        long t0 = System.nanoTime();
        try {
            return session.extract(images, count);
        } finally {
            nanos.add(System.nanoTime() - t0);
        }
    }

    @Override
    public void close() {
        session.close();
    }
}
