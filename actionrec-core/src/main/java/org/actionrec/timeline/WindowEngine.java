package org.actionrec.timeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.actionrec.backbone.BackboneException;
import org.actionrec.features.ClipFeatures;
import org.actionrec.motion.DisFlow;
import org.actionrec.motion.FarnebackFlow;
import org.actionrec.motion.FlowImages;
import org.actionrec.motion.MotionFrames;
import org.actionrec.motion.MotionHistoryEncoder;
import org.actionrec.motion.OpticalFlowEncoder;
import org.actionrec.sampling.FrameSampler;
import org.actionrec.streams.FlowMethod;
import org.actionrec.streams.Stream;
import org.actionrec.streams.StreamConfig;
import org.actionrec.transform.ImagePreprocessing;
import org.actionrec.transform.ImagePreprocessor;
import org.actionrec.video.GreyFrame;
import org.actionrec.video.RgbFrame;

/**
 * The one windowing path of timelines and live streams. Frames go in one at a time; each time a window is
 * complete it is sampled exactly as a training clip of its length would be (K uniform keyframes; flow between a
 * keyframe and the next frame of the window, or the previous one for the window's last frame; motion history
 * over the frames of the window before the keyframe), its descriptors made, and its probabilities given back.
 *
 * <p>Work per frame is done once: an image is named by the frames it is made of ({@link ImageKey}), and a
 * descriptor made for one window is kept while a later window can still use it. Frames live in a ring of one
 * window, descriptors only while a later window can read them, so memory does not grow with the video.
 *
 * <p>Not thread-safe: one engine per run, fed from one thread. Closes its motion encoders, not the model.
 */
public final class WindowEngine implements AutoCloseable {
    private final WindowModel model;
    private final WindowPlan plan;
    private final List<StreamConfig> inputs;
    private final int[] motionIds;
    private final List<OpticalFlowEncoder> flows = new ArrayList<>();
    private final List<MotionHistoryEncoder> histories = new ArrayList<>();
    private final ImagePreprocessor preprocessor;
    private final int floatsPerImage;
    private final FrameRing ring;
    private final boolean[] neededOffsets;
    private final Map<ImageKey, float[]> descriptors = new HashMap<>();

    private long received;
    private long runStart;
    private int windowsInRun;
    private int windows;
    private long imagesMade;

    public WindowEngine(WindowModel model, WindowPlan plan) {
        this.model = model;
        this.plan = plan;
        this.inputs = model.scorer().inputs();
        List<List<Object>> motionSettings = new ArrayList<>();
        motionIds = new int[inputs.size()];
        for (int i = 0; i < inputs.size(); i++) {
            StreamConfig c = inputs.get(i);
            if (c.keyframes() != plan.keyframes() && i == 0) {
                throw new IllegalArgumentException("the plan has " + plan.keyframes() + " keyframes, the model "
                        + c.keyframes());
            }
            List<Object> settings = List.of(c.flowMethod(), c.farneback(), c.dis(), c.history());
            int id = motionSettings.indexOf(settings);
            if (id < 0) {
                id = motionSettings.size();
                motionSettings.add(settings);
                flows.add(null);
                histories.add(null);
            }
            motionIds[i] = id;
            if (c.needsFlow() && flows.get(id) == null) {
                flows.set(id, c.flowMethod() == FlowMethod.DIS ? new DisFlow(c.dis()) : new FarnebackFlow(c.farneback()));
            }
            if (c.streams().contains(Stream.MHI) && histories.get(id) == null) {
                histories.set(id, new MotionHistoryEncoder(c.history()));
            }
        }
        ImagePreprocessing prep = model.backbone().spec().preprocessing();
        this.preprocessor = new ImagePreprocessor(prep);
        this.floatsPerImage = prep.tensorLength();
        this.ring = new FrameRing(plan.windowFrames());
        this.neededOffsets = new boolean[plan.windowFrames()];
        for (int i = 0; i < inputs.size(); i++) {
            for (List<ImageKey> keys : keys(i, 0, plan.windowFrames()).values()) {
                for (ImageKey k : keys) {
                    for (long f = k.first(); f <= k.last(); f++) neededOffsets[(int) f] = true;
                }
            }
        }
    }

    public WindowPlan plan() {
        return plan;
    }

    /**
     * Whether any window reads frame {@code indexInRun} of a run (counted from the run's first frame), so a
     * reader that feeds every frame in order may skip converting the others. The first window's length of
     * frames is always read: a run shorter than a window becomes one window of all its frames.
     */
    public boolean reads(long indexInRun) {
        int w = plan.windowFrames();
        if (indexInRun < w) return true;
        int stride = plan.strideFrames();
        for (long start = (indexInRun / stride) * stride; start > indexInRun - w && start >= 0; start -= stride) {
            if (neededOffsets[(int) (indexInRun - start)]) return true;
        }
        return false;
    }

    /** Frames received so far, over every run. */
    public long frames() {
        return received;
    }

    /** Frames received in the current run. */
    public long framesInRun() {
        return received - runStart;
    }

    /** Images made (and described) so far: each at most once, however many windows read it. */
    public long imagesMade() {
        return imagesMade;
    }

    public int windows() {
        return windows;
    }

    /**
     * The next frame of the run.
     *
     * @param frame        null where the reader skipped converting a frame {@link #reads} said no window reads
     * @param timeS        its time in the source
     * @param arrivalNanos when the reader got it ({@link System#nanoTime()}), for latency
     * @return the window that this frame completes, if any
     */
    public List<WindowResult> accept(RgbFrame frame, double timeS, long arrivalNanos) throws BackboneException {
        long index = received++;
        ring.put(index, frame, timeS, arrivalNanos);
        long rel = index - runStart + 1 - plan.windowFrames();
        if (rel >= 0 && rel % plan.strideFrames() == 0) {
            return List.of(score(runStart + rel, plan.windowFrames()));
        }
        return List.of();
    }

    /**
     * The end of the run: a run shorter than one window becomes one window of all its frames (as a short training
     * clip would be sampled); otherwise nothing.
     */
    public List<WindowResult> finish() throws BackboneException {
        long n = received - runStart;
        if (windowsInRun > 0 || n == 0) return List.of();
        return List.of(score(runStart, (int) n));
    }

    /** Ends the run (see {@link #finish}) and starts a new one with the next frame: after a gap in a stream. */
    public List<WindowResult> restart() throws BackboneException {
        List<WindowResult> last = finish();
        runStart = received;
        windowsInRun = 0;
        ring.clear();
        descriptors.clear();
        return last;
    }

    /** The keys of input {@code i}'s images for a window of {@code n} frames from {@code first}: by stream, by keyframe. */
    private Map<Stream, List<ImageKey>> keys(int i, long first, int n) {
        StreamConfig c = inputs.get(i);
        int id = motionIds[i];
        int[] keyframes = FrameSampler.segmentCentres(n, c.keyframes());
        Map<Stream, List<ImageKey>> byStream = new LinkedHashMap<>();
        for (Stream s : c.orderedStreams()) {
            List<ImageKey> keys = new ArrayList<>(keyframes.length);
            for (int k : keyframes) {
                keys.add(switch (s) {
                    case RGB -> new ImageKey(-1, s, first + k, first + k);
                    case FLOW_X, FLOW_Y -> {
                        if (n < 2) yield new ImageKey(id, s, first + k, first + k);
                        MotionFrames.FlowPair p = MotionFrames.flowPair(k, n);
                        yield new ImageKey(id, s, first + p.from(), first + p.to());
                    }
                    case MHI -> {
                        MotionFrames.Range r = MotionFrames.historyRange(k, n, c.history().window());
                        yield new ImageKey(id, s, first + r.first(), first + r.last());
                    }
                });
            }
            byStream.put(s, keys);
        }
        return byStream;
    }

    private WindowResult score(long first, int n) throws BackboneException {
        List<Map<Stream, List<ImageKey>>> perInput = new ArrayList<>();
        Set<ImageKey> missing = new LinkedHashSet<>();
        for (int i = 0; i < inputs.size(); i++) {
            Map<Stream, List<ImageKey>> keys = keys(i, first, n);
            perInput.add(keys);
            for (List<ImageKey> list : keys.values()) {
                for (ImageKey k : list) if (!descriptors.containsKey(k)) missing.add(k);
            }
        }
        if (!missing.isEmpty()) describe(new ArrayList<>(missing));
        List<ClipFeatures> features = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Map<String, float[][]> byStream = new LinkedHashMap<>();
            for (Map.Entry<Stream, List<ImageKey>> e : perInput.get(i).entrySet()) {
                float[][] rows = new float[e.getValue().size()][];
                for (int j = 0; j < rows.length; j++) rows[j] = descriptors.get(e.getValue().get(j));
                byStream.put(e.getKey().id(), rows);
            }
            features.add(new ClipFeatures("window " + windows, n, n < inputs.get(i).keyframes(), byStream));
        }
        double[] p = model.calibration().probabilities(model.scorer().score(features));
        long last = first + n - 1;
        WindowResult result = new WindowResult(windows, first, n, ring.time(first), ring.time(last) + 1 / plan.fps(),
                p, (System.nanoTime() - ring.arrival(last)) / 1e9);
        windows++;
        windowsInRun++;
        // The next window starts a stride later: what begins before it is never read again.
        long nextStart = first + plan.strideFrames();
        descriptors.keySet().removeIf(k -> k.first() < nextStart);
        return result;
    }

    /** Makes the images of these keys, preprocessed into one batch, and their descriptors. */
    private void describe(List<ImageKey> keys) throws BackboneException {
        float[] tensor = new float[keys.size() * floatsPerImage];
        Map<ImageKey, FlowImages> flowByPair = new HashMap<>();
        for (int j = 0; j < keys.size(); j++) {
            ImageKey k = keys.get(j);
            int offset = j * floatsPerImage;
            switch (k.stream()) {
                case RGB -> preprocessor.centreCrop(ring.rgb(k.first()), tensor, offset);
                case FLOW_X, FLOW_Y -> {
                    FlowImages f = flowByPair.computeIfAbsent(new ImageKey(k.motion(), Stream.FLOW_X, k.first(),
                            k.last()), pair -> flows.get(k.motion()).encode(ring.grey(pair.first()),
                            ring.grey(pair.last())));
                    preprocessor.centreCrop(k.stream() == Stream.FLOW_X ? f.x() : f.y(), tensor, offset);
                }
                case MHI -> {
                    List<GreyFrame> frames = new ArrayList<>((int) (k.last() - k.first() + 1));
                    for (long f = k.first(); f <= k.last(); f++) frames.add(ring.grey(f));
                    preprocessor.centreCrop(histories.get(k.motion()).encodeHistory(frames), tensor, offset);
                }
            }
        }
        float[][] rows = model.backbone().extract(tensor, keys.size());
        for (int j = 0; j < keys.size(); j++) descriptors.put(keys.get(j), rows[j]);
        imagesMade += keys.size();
    }

    /** The frames of the run a full window reads, as offsets into it (for tests and the reader). */
    Set<Integer> neededOffsets() {
        Set<Integer> s = new TreeSet<>();
        for (int i = 0; i < neededOffsets.length; i++) if (neededOffsets[i]) s.add(i);
        return s;
    }

    @Override
    public void close() {
        flows.forEach(f -> {
            if (f != null) f.close();
        });
        histories.forEach(h -> {
            if (h != null) h.close();
        });
        preprocessor.close();
    }
}
