package org.actionrec.features;

import java.util.List;
import org.actionrec.video.VideoFailure;

/**
 * What an extraction run did.
 *
 * @param extracted clips whose descriptors were computed in this run
 * @param reused clips whose descriptors were already in the store
 * @param images images that went through the backbone in this run
 * @param seconds wall time
 * @param backboneSeconds CPU time spent inside the backbone, over its sessions
 * @param stages          where the threads' time went
 */
public record ExtractionResult(int extracted, int reused, List<VideoFailure> failures, long images, double seconds,
                               double backboneSeconds, Stages stages) {
    public ExtractionResult {
        failures = List.copyOf(failures);
    }

    public ExtractionResult(int extracted, int reused, List<VideoFailure> failures, long images, double seconds,
                            double backboneSeconds) {
        this(extracted, reused, failures, images, seconds, backboneSeconds, Stages.NONE);
    }

    /**
     * CPU seconds by stage, summed over the threads that ran it: the workers' decode, motion images and
     * preprocessing (resize, crop, normalise into the tensor); the backbone sessions' forward passes (a session's
     * own thread: one-thread sessions count whole) and writing to the store. And the wall seconds each side waited
     * on the queue: the workers for room (the backbone is behind), the sessions for a prepared clip (the workers
     * are). Their sum over the wall time and the cores says how busy the machine was.
     */
    public record Stages(double decode, double motion, double preprocess, double workersWaiting, double backbone,
                         double store, double backboneWaiting) {
        public static final Stages NONE = new Stages(0, 0, 0, 0, 0, 0, 0);
    }

    /** Images per second end to end (decode + motion + preprocess + backbone) for this run's work. */
    public double imagesPerSecond() {
        return seconds > 0 ? images / seconds : 0;
    }
}
