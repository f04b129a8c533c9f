package org.actionrec.timeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
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
 * <p>Two stages: the caller's thread makes a complete window's new images (motion images, preprocessing), the
 * engine's scoring thread runs the backbone and the head on it and calls the listener, so optical flow and the
 * backbone overlap; at most {@link #IN_FLIGHT} windows wait between them. With several backbone sessions, each
 * has a thread that describes every n-th window's new images, and the scoring thread runs the head in window
 * order. Feed it from one thread. Closes its motion encoders and threads, not the model.
 *
 * <p>Longer than most classes here: the frame ring, the image keys and the scoring threads share state that stays
 * private to this one class.
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
    private final FrameBuffers buffers;
    private final FrameRing ring;
    private final boolean[] neededOffsets;
    private final java.util.function.Consumer<WindowResult> listener;
    /** Keys whose descriptors are made or on their way (main thread). */
    private final Set<ImageKey> requested = new java.util.HashSet<>();
    /** Descriptors later windows may still read (scoring thread). */
    private final Map<ImageKey, float[]> descriptors = new HashMap<>();
    private final ExecutorService scoring;
    /**
     * With two or more backbone sessions, one thread per session describing whole windows, taken in turn, so that
     * neighbouring windows' new images are described at once; empty with one session (the scoring thread runs it).
     */
    private final List<ExecutorService> sessionThreads = new ArrayList<>();
    /** Windows made ready and not yet scored, at most. */
    private final int inFlightMax;
    private final Semaphore inFlight;
    private volatile Throwable failure;
    /** Batches for the windows in flight, reused: a window's batch is megabytes, made twice a second or more. */
    private final BlockingQueue<float[]> batches;
    private final int maxImages;

    private long received;
    private long runStart;
    private int windowsInRun;
    private int windows;
    private long imagesMade;

    /**
     * Windows made ready and not yet scored, at most, with one backbone session (with n sessions, n + 1): bounds
     * memory when the backbone is the slower.
     */
    static final int IN_FLIGHT = 2;

    /**
     * @param listener gets each window as it is scored, in order, on the engine's scoring thread
     */
    public WindowEngine(WindowModel model, WindowPlan plan, java.util.function.Consumer<WindowResult> listener) {
        this.model = model;
        this.plan = plan;
        this.listener = listener;
        this.scoring = daemonThread("actionrec-window-scoring");
        int sessions = model.backbones().size();
        for (int s = 0; sessions > 1 && s < sessions; s++) {
            sessionThreads.add(daemonThread("actionrec-window-backbone-" + (s + 1)));
        }
        this.inFlightMax = sessions > 1 ? sessions + 1 : IN_FLIGHT;
        this.inFlight = new Semaphore(inFlightMax);
        this.batches = new ArrayBlockingQueue<>(inFlightMax + 1);
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
        int images = 0;
        for (StreamConfig c : inputs) images += c.keyframes() * c.orderedStreams().size();
        this.maxImages = images;
        ImagePreprocessing prep = model.backbone().spec().preprocessing();
        this.preprocessor = new ImagePreprocessor(prep);
        this.floatsPerImage = prep.tensorLength();
        this.buffers = new FrameBuffers(plan.windowFrames() + 8);
        this.ring = new FrameRing(plan.windowFrames(), buffers);
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
     * Buffers of frames the engine no longer reads, for the reader to decode into. A frame given to
     * {@link #accept} belongs to the engine from then on.
     */
    public FrameBuffers buffers() {
        return buffers;
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

    /** Windows made ready so far (scored, or about to be). */
    public int windows() {
        return windows;
    }

    /**
     * The next frame of the run. A window this frame completes has its images made here, on the caller's thread,
     * and is scored on the engine's scoring thread while the next frames come in.
     *
     * @param frame        null where the reader skipped converting a frame {@link #reads} said no window reads
     * @param timeS        its time in the source
     * @param arrivalNanos when the reader got it ({@link System#nanoTime()}), for latency
     * @throws BackboneException the backbone failed on an earlier window
     */
    public void accept(RgbFrame frame, double timeS, long arrivalNanos) throws BackboneException {
        rethrow();
        long index = received++;
        ring.put(index, frame, timeS, arrivalNanos);
        long rel = index - runStart + 1 - plan.windowFrames();
        if (rel >= 0 && rel % plan.strideFrames() == 0) prepare(runStart + rel, plan.windowFrames());
    }

    /**
     * The end of the run: a run shorter than one window becomes one window of all its frames (as a short training
     * clip would be sampled); then waits until every window is scored.
     */
    public void finish() throws BackboneException {
        long n = received - runStart;
        if (windowsInRun == 0 && n > 0) prepare(runStart, (int) n);
        drain();
    }

    /** Ends the run (see {@link #finish}) and starts a new one with the next frame: after a gap in a stream. */
    public void restart() throws BackboneException {
        finish();
        runStart = received;
        windowsInRun = 0;
        ring.clear();
        requested.clear();
        descriptors.clear(); // the scoring thread is idle after drain()
    }

    /** Waits for the windows in flight. */
    private void drain() throws BackboneException {
        try {
            inFlight.acquire(inFlightMax);
            inFlight.release(inFlightMax);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while windows were being scored", e);
        }
        rethrow();
    }

    private void rethrow() throws BackboneException {
        if (failure != null) throw rethrown(failure);
    }

    /** Throws {@code f} as it is where its type allows; else gives it back wrapped, for the caller to throw. */
    private static RuntimeException rethrown(Throwable f) throws BackboneException {
        if (f instanceof BackboneException b) throw b;
        if (f instanceof RuntimeException r) throw r;
        if (f instanceof Error e) throw e;
        return new IllegalStateException(f);
    }

    private static ExecutorService daemonThread(String name) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
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

    /** A window whose new images are made and preprocessed, waiting for the backbone. */
    private record Prepared(int index, long first, int frames, double startS, double endS, long arrivalNanos,
                            List<Map<Stream, List<ImageKey>>> keys, List<ImageKey> missing, float[] tensor,
                            long nextStart) {
    }

    /** Makes the images this window needs that no earlier window made, then hands it to the scoring thread. */
    private void prepare(long first, int n) throws BackboneException {
        List<Map<Stream, List<ImageKey>>> perInput = new ArrayList<>();
        Set<ImageKey> missing = new LinkedHashSet<>();
        for (int i = 0; i < inputs.size(); i++) {
            Map<Stream, List<ImageKey>> keys = keys(i, first, n);
            perInput.add(keys);
            for (List<ImageKey> list : keys.values()) {
                for (ImageKey k : list) if (!requested.contains(k)) missing.add(k);
            }
        }
        List<ImageKey> todo = new ArrayList<>(missing);
        float[] tensor = images(todo);
        requested.addAll(todo);
        imagesMade += todo.size();
        long last = first + n - 1;
        // The next window starts a stride later: what begins before it is never read again.
        long nextStart = first + plan.strideFrames();
        requested.removeIf(k -> k.first() < nextStart);
        Prepared p = new Prepared(windows, first, n, ring.time(first), ring.time(last) + 1 / plan.fps(),
                ring.arrival(last), perInput, todo, tensor, nextStart);
        windows++;
        windowsInRun++;
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the backbone", e);
        }
        rethrow();
        Future<float[][]> described = describe(p);
        scoring.execute(() -> {
            try {
                if (failure == null) score(p, described);
            } catch (Throwable t) {
                failure = t;
            } finally {
                inFlight.release();
            }
        });
    }

    /**
     * On the scoring thread, in window order: the new images' descriptors (made here, or waited for where a
     * session thread makes them), the window's probabilities, the listener.
     */
    private void score(Prepared p, Future<float[][]> described) throws BackboneException {
        if (!p.missing().isEmpty()) {
            float[][] rows = described == null ? model.backbone().extract(p.tensor(), p.missing().size())
                    : join(described);
            for (int j = 0; j < rows.length; j++) descriptors.put(p.missing().get(j), rows[j]);
        }
        List<ClipFeatures> features = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Map<String, float[][]> byStream = new LinkedHashMap<>();
            for (Map.Entry<Stream, List<ImageKey>> e : p.keys().get(i).entrySet()) {
                float[][] rows = new float[e.getValue().size()][];
                for (int j = 0; j < rows.length; j++) rows[j] = descriptors.get(e.getValue().get(j));
                byStream.put(e.getKey().id(), rows);
            }
            features.add(new ClipFeatures("window " + p.index(), p.frames(), p.frames() < inputs.get(i).keyframes(),
                    byStream));
        }
        double[] probabilities = model.calibration().probabilities(model.scorer().score(features));
        descriptors.keySet().removeIf(k -> k.first() < p.nextStart());
        batches.offer(p.tensor());
        listener.accept(new WindowResult(p.index(), p.first(), p.frames(), p.startS(), p.endS(), probabilities,
                (System.nanoTime() - p.arrivalNanos()) / 1e9));
    }

    /**
     * With several sessions, the window's new images handed to the next session in turn: while the scoring thread
     * waits for window i, window i + 1 is described on another core (a window's descriptors depend only on its
     * own images; the head, which reads earlier windows' descriptors too, still runs in order). Null with one
     * session, or with no new images.
     */
    private Future<float[][]> describe(Prepared p) {
        if (sessionThreads.isEmpty() || p.missing().isEmpty()) return null;
        int s = p.index() % sessionThreads.size();
        return sessionThreads.get(s).submit(() -> model.backbones().get(s).extract(p.tensor(), p.missing().size()));
    }

    private static float[][] join(Future<float[][]> described) throws BackboneException {
        try {
            return described.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a window was described", e);
        } catch (ExecutionException e) {
            throw rethrown(e.getCause());
        }
    }

    /** The images of these keys, preprocessed into one batch. */
    private float[] images(List<ImageKey> keys) {
        float[] pooled = batches.poll();
        float[] tensor = pooled != null ? pooled : new float[maxImages * floatsPerImage];
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
        return tensor;
    }

    /** The frames of the run a full window reads, as offsets into it (for tests and the reader). */
    Set<Integer> neededOffsets() {
        Set<Integer> s = new TreeSet<>();
        for (int i = 0; i < neededOffsets.length; i++) if (neededOffsets[i]) s.add(i);
        return s;
    }

    /** Waits for the windows in flight (their errors are dropped: call {@link #finish} first), then frees all. */
    @Override
    public void close() {
        try {
            inFlight.acquire(inFlightMax);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scoring.shutdownNow();
        sessionThreads.forEach(ExecutorService::shutdownNow);
        flows.forEach(f -> {
            if (f != null) f.close();
        });
        histories.forEach(h -> {
            if (h != null) h.close();
        });
        preprocessor.close();
        ring.close();
    }
}
