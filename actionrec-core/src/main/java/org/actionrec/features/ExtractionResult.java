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
 * @param backboneSeconds time spent inside the backbone (the consumer thread's busy time)
 */
public record ExtractionResult(int extracted, int reused, List<VideoFailure> failures, long images, double seconds,
                               double backboneSeconds) {
    public ExtractionResult {
        failures = List.copyOf(failures);
    }

    /** Images per second end to end (decode + motion + preprocess + backbone) for this run's work. */
    public double imagesPerSecond() {
        return seconds > 0 ? images / seconds : 0;
    }
}
