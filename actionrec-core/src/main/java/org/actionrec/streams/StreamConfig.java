package org.actionrec.streams;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.actionrec.motion.DisFlowParams;
import org.actionrec.motion.FarnebackParams;
import org.actionrec.motion.MotionHistoryParams;

/**
 * How a video becomes keyframe images: K uniform keyframes, the streams to make, and the motion settings.
 * Defaults are paper 000's and the Python reference's: K = 5, Farnebäck flow clipped to ±20 px, MHI over
 * 8 frame differences with threshold 32.
 */
public record StreamConfig(int keyframes, Set<Stream> streams, FlowMethod flowMethod, FarnebackParams farneback,
                           DisFlowParams dis, MotionHistoryParams history) {
    public static final StreamConfig RGB_ONLY = new StreamConfig(5, EnumSet.of(Stream.RGB), FlowMethod.FARNEBACK,
            FarnebackParams.DEFAULTS, DisFlowParams.DEFAULTS, MotionHistoryParams.DEFAULTS);
    public static final StreamConfig ALL_STREAMS = RGB_ONLY.withStreams(EnumSet.allOf(Stream.class));

    public StreamConfig {
        if (keyframes < 1) {
            throw new IllegalArgumentException("keyframes must be ≥ 1");
        }
        if (streams.isEmpty()) {
            throw new IllegalArgumentException("at least one stream is needed");
        }
        streams = Set.copyOf(EnumSet.copyOf(streams));
    }

    public StreamConfig withStreams(Set<Stream> s) {
        return new StreamConfig(keyframes, s, flowMethod, farneback, dis, history);
    }

    public StreamConfig withKeyframes(int k) {
        return new StreamConfig(k, streams, flowMethod, farneback, dis, history);
    }

    public StreamConfig withFlowMethod(FlowMethod m) {
        return new StreamConfig(keyframes, streams, m, farneback, dis, history);
    }

    /** The streams in their fixed order (rgb, flow_x, flow_y, mhi). */
    public java.util.List<Stream> orderedStreams() {
        return EnumSet.copyOf(streams).stream().toList();
    }

    public boolean needsFlow() {
        return streams.contains(Stream.FLOW_X) || streams.contains(Stream.FLOW_Y);
    }

    /** Everything that determines the images, as plain values: for provenance and the feature cache key. */
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sampler", "uniform-keyframes(k=" + keyframes + ")");
        m.put("streams", orderedStreams().stream().map(Stream::id).toList());
        if (needsFlow()) {
            m.put("flow", flowMethod == FlowMethod.FARNEBACK ? farneback.toString() : dis.toString());
        }
        if (streams.contains(Stream.MHI)) {
            m.put("mhi", history.toString());
        }
        return m;
    }
}
