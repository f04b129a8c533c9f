package org.actionrec.features;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.actionrec.streams.KeyframeImages;
import org.actionrec.streams.Stream;
import org.actionrec.streams.StreamConfig;
import org.actionrec.transform.ImagePreprocessor;

/**
 * The one layout in which a clip's images meet the backbone: stream after stream (in {@link StreamConfig}
 * order), keyframe after keyframe, each image centre-cropped and normalised; and the descriptors back into
 * streams. Extraction, prediction, explanations and the Spark job use it, so a clip is described alike in each.
 */
public final class BackboneBatch {
    private BackboneBatch() {
    }

    /** All images of a clip as one batch. */
    public static float[] tensor(KeyframeImages k, StreamConfig streams, ImagePreprocessor prep) {
        int floatsPerImage = prep.config().tensorLength();
        List<Stream> order = streams.orderedStreams();
        float[] tensor = new float[order.size() * streams.keyframes() * floatsPerImage];
        int img = 0;
        for (Stream s : order) {
            for (int j = 0; j < streams.keyframes(); j++, img++) {
                if (s.grey()) {
                    prep.centreCrop(k.greyStream(s).get(j), tensor, img * floatsPerImage);
                } else {
                    prep.centreCrop(k.rgb().get(j), tensor, img * floatsPerImage);
                }
            }
        }
        return tensor;
    }

    /** Images in a batch of {@link #tensor}: streams × keyframes. */
    public static int images(StreamConfig streams) {
        return streams.orderedStreams().size() * streams.keyframes();
    }

    /** Splits a clip's descriptors, in {@link #tensor} order from {@code first} on, into streams. */
    public static ClipFeatures features(String name, KeyframeImages k, StreamConfig streams, float[][] descriptors,
                                        int first) {
        List<Stream> order = streams.orderedStreams();
        int n = streams.keyframes();
        Map<String, float[][]> byStream = new LinkedHashMap<>();
        for (int s = 0; s < order.size(); s++) {
            byStream.put(order.get(s).id(), Arrays.copyOfRange(descriptors, first + s * n, first + (s + 1) * n));
        }
        return new ClipFeatures(name, k.metadata().frameCount(), k.repeatedFrames(), byStream);
    }
}
