package org.actionrec.features;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The descriptors of one clip: for each stream (rgb, flow_x, ...), one row per sampled frame.
 *
 * @param clip the clip's name relative to its dataset root (e.g. {@code brush_hair/x.avi})
 * @param frameCount the clip's decoded frame count
 * @param repeatedFrames whether the clip was shorter than the sampler asked and frames were repeated
 * @param streams stream name → [frames][descriptor size]
 */
public record ClipFeatures(String clip, int frameCount, boolean repeatedFrames, Map<String, float[][]> streams) {
    public ClipFeatures {
        Objects.requireNonNull(clip, "clip");
        streams = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(streams));
    }

    public float[][] stream(String name) {
        float[][] d = streams.get(name);
        if (d == null) {
            throw new IllegalArgumentException("no stream '" + name + "' for " + clip + "; have " + streams.keySet());
        }
        return d;
    }

    /** The descriptors with the given streams joined frame by frame, in that order: a sequence model's input. */
    public float[][] joined(List<String> order) {
        if (order.size() == 1) return stream(order.get(0));
        int frames = stream(order.get(0)).length;
        int width = 0;
        for (String s : order) width += stream(s)[0].length;
        float[][] out = new float[frames][width];
        for (int t = 0; t < frames; t++) {
            int at = 0;
            for (String s : order) {
                float[] part = stream(s)[t];
                System.arraycopy(part, 0, out[t], at, part.length);
                at += part.length;
            }
        }
        return out;
    }
}
