package org.actionrec.streams;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.actionrec.motion.DisFlow;
import org.actionrec.motion.FarnebackFlow;
import org.actionrec.motion.FlowImages;
import org.actionrec.motion.Greyscale;
import org.actionrec.motion.MotionFrames;
import org.actionrec.motion.MotionHistoryEncoder;
import org.actionrec.motion.OpticalFlowEncoder;
import org.actionrec.sampling.SamplePlan;
import org.actionrec.sampling.UniformKeyframeSampler;
import org.actionrec.video.DecodedFrames;
import org.actionrec.video.FramePlan;
import org.actionrec.video.GreyFrame;
import org.actionrec.video.Interruption;
import org.actionrec.video.RgbFrame;
import org.actionrec.video.VideoReadException;
import org.actionrec.video.VideoReader;

/**
 * Video → keyframe images: decodes only the frames the keyframes and motion encoders need, then makes the
 * RGB and motion images of each keyframe. Holds native buffers: one instance per thread, closed after use.
 */
public final class StreamImageExtractor implements AutoCloseable {
    private final VideoReader reader;
    private final StreamConfig config;
    private final UniformKeyframeSampler sampler;
    private final OpticalFlowEncoder flow;
    private final MotionHistoryEncoder history;

    public StreamImageExtractor(VideoReader reader, StreamConfig config) {
        this.reader = reader;
        this.config = config;
        this.sampler = new UniformKeyframeSampler(config.keyframes());
        this.flow = !config.needsFlow() ? null
                : config.flowMethod() == FlowMethod.DIS ? new DisFlow(config.dis()) : new FarnebackFlow(config.farneback());
        this.history = config.streams().contains(Stream.MHI) ? new MotionHistoryEncoder(config.history()) : null;
    }

    public StreamConfig config() {
        return config;
    }

    public KeyframeImages extract(Path video) throws VideoReadException {
        long t0 = System.nanoTime();
        DecodedFrames decoded = reader.read(video, plan());
        return images(decoded, (System.nanoTime() - t0) / 1e9);
    }

    /** The frames this extractor reads of a video of n frames: keyframes plus what the motion encoders read. */
    public FramePlan plan() {
        return this::framesNeeded;
    }

    /**
     * The keyframe images from frames decoded already (by {@link ClipImages}, once for several extractors): the
     * frames must include this extractor's {@link #plan()}; others are ignored.
     *
     * @param decodeSeconds what the decode cost, reported with the images
     */
    public KeyframeImages images(DecodedFrames decoded, double decodeSeconds) {
        long t1 = System.nanoTime();
        int n = decoded.frameCount();
        SamplePlan plan = sampler.plan(n, 0);
        int[] keys = plan.flatIndices();
        List<String> warnings = new ArrayList<>(decoded.warnings());
        if (plan.repeatedFrames()) {
            warnings.add("only " + n + (n == 1 ? " frame" : " frames") + " for " + config.keyframes()
                    + " keyframes: frames repeated");
        }
        List<RgbFrame> rgb = new ArrayList<>();
        Map<Stream, List<GreyFrame>> grey = new EnumMap<>(Stream.class);
        for (Stream s : config.orderedStreams()) {
            if (s.grey()) {
                grey.put(s, new ArrayList<>());
            }
        }
        Map<Integer, GreyFrame> greyFrames = new HashMap<>();
        if (flow != null || history != null) {
            for (int i : framesNeeded(n)) greyFrames.computeIfAbsent(i, j -> Greyscale.of(decoded.frame(j)));
        }
        if (flow != null && n < 2) {
            warnings.add("a single frame has no motion: flow images are blank (mid-grey)");
        }
        for (int k : keys) {
            Interruption.check();
            if (config.streams().contains(Stream.RGB)) {
                rgb.add(decoded.frame(k));
            }
            if (flow != null) {
                FlowImages f;
                if (n < 2) {
                    f = flow.encode(greyFrames.get(k), greyFrames.get(k));
                } else {
                    MotionFrames.FlowPair p = MotionFrames.flowPair(k, n);
                    f = flow.encode(greyFrames.get(p.from()), greyFrames.get(p.to()));
                }
                if (grey.containsKey(Stream.FLOW_X)) {
                    grey.get(Stream.FLOW_X).add(f.x());
                }
                if (grey.containsKey(Stream.FLOW_Y)) {
                    grey.get(Stream.FLOW_Y).add(f.y());
                }
            }
            if (history != null) {
                MotionFrames.Range r = MotionFrames.historyRange(k, n, config.history().window());
                List<GreyFrame> window = new ArrayList<>(r.length());
                for (int i = r.first(); i <= r.last(); i++) {
                    window.add(greyFrames.get(i));
                }
                grey.get(Stream.MHI).add(history.encodeHistory(window));
            }
        }
        return new KeyframeImages(decoded.metadata(), keys, plan.repeatedFrames(), rgb, grey, warnings,
                decodeSeconds, (System.nanoTime() - t1) / 1e9);
    }

    /** The frames to decode for a video of n frames: keyframes plus what the motion encoders read. */
    private int[] framesNeeded(int n) {
        int[] keys = sampler.plan(n, 0).distinctIndices();
        return MotionFrames.needed(keys, n, flow != null && n >= 2, history == null ? null : config.history());
    }

    @Override
    public void close() {
        if (flow != null) {
            flow.close();
        }
        if (history != null) {
            history.close();
        }
    }
}
