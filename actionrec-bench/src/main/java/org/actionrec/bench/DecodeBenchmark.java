package org.actionrec.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.actionrec.ProgressListener;
import org.actionrec.motion.DisFlow;
import org.actionrec.motion.FarnebackFlow;
import org.actionrec.motion.Greyscale;
import org.actionrec.motion.MotionFrames;
import org.actionrec.motion.MotionHistoryEncoder;
import org.actionrec.motion.OpticalFlowEncoder;
import org.actionrec.sampling.UniformKeyframeSampler;
import org.actionrec.video.DecodedFrames;
import org.actionrec.video.FramePlan;
import org.actionrec.video.GreyFrame;
import org.actionrec.video.VideoReadException;
import org.actionrec.video.VideoReader;

/**
 * Speeds of the video pipeline's stages over a set of clips, one thread: decoding every frame to RGB,
 * decoding with K-keyframe sampling (only the keyframes converted), and each motion image per keyframe.
 */
public final class DecodeBenchmark {
    /** One stage's throughput: {@code units} processed in {@code seconds}. */
    public record Stage(String name, String unit, long units, double seconds) {
        public double perSecond() {
            return seconds > 0 ? units / seconds : 0;
        }
    }

    public record Result(int clips, int failures, List<Stage> stages, long peakRssBytes) {
    }

    private final VideoReader reader;
    private final int keyframes;

    public DecodeBenchmark(VideoReader reader, int keyframes) {
        this.reader = reader;
        this.keyframes = keyframes;
    }

    public Result run(List<Path> clips, ProgressListener progress) {
        UniformKeyframeSampler sampler = new UniformKeyframeSampler(keyframes);
        long frames = 0;
        long sampled = 0;
        int failures = 0;
        double decodeAll = 0;
        double decodeSampled = 0;
        Map<String, double[]> motion = new LinkedHashMap<>();
        motion.put("farneback flow", new double[2]);
        motion.put("dis flow", new double[2]);
        motion.put("motion history", new double[2]);
        try (OpticalFlowEncoder farneback = new FarnebackFlow(); OpticalFlowEncoder dis = new DisFlow();
                MotionHistoryEncoder mhi = new MotionHistoryEncoder()) {
            for (int c = 0; c < clips.size(); c++) {
                Path clip = clips.get(c);
                try {
                    long t0 = System.nanoTime();
                    DecodedFrames all = reader.read(clip, FramePlan.all());
                    long t1 = System.nanoTime();
                    int n = all.frameCount();
                    DecodedFrames keys = reader.read(clip, m -> sampler.plan(m, 0).distinctIndices());
                    long t2 = System.nanoTime();
                    frames += n;
                    sampled += keyframes;
                    decodeAll += (t1 - t0) / 1e9;
                    decodeSampled += (t2 - t1) / 1e9;
                    List<GreyFrame> grey = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        grey.add(Greyscale.of(all.frame(i)));
                    }
                    for (int k : sampler.plan(n, 0).flatIndices()) {
                        if (n >= 2) {
                            MotionFrames.FlowPair p = MotionFrames.flowPair(k, n);
                            time(motion.get("farneback flow"), () -> farneback.encode(grey.get(p.from()), grey.get(p.to())));
                            time(motion.get("dis flow"), () -> dis.encode(grey.get(p.from()), grey.get(p.to())));
                        }
                        time(motion.get("motion history"), () -> mhi.encode(grey, k));
                    }
                    keys.frames().size();
                } catch (VideoReadException e) {
                    failures++;
                }
                progress.progress(c + 1, clips.size(), clip.getFileName().toString());
            }
        }
        List<Stage> stages = new ArrayList<>();
        stages.add(new Stage("decode all frames to RGB", "frames", frames, decodeAll));
        stages.add(new Stage("decode + sample " + keyframes + " keyframes", "video frames", frames, decodeSampled));
        stages.add(new Stage("decode + sample " + keyframes + " keyframes", "keyframes", sampled, decodeSampled));
        motion.forEach((name, t) -> stages.add(new Stage(name, "keyframes", (long) t[1], t[0])));
        return new Result(clips.size(), failures, stages, PeakMemory.peakRssBytes());
    }

    private static void time(double[] acc, Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        acc[0] += (System.nanoTime() - t0) / 1e9;
        acc[1]++;
    }
}
