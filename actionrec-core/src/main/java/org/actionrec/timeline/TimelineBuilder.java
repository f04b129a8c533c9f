package org.actionrec.timeline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Windows → a {@link Timeline}: window probabilities (smoothed over neighbouring windows where asked), each frame
 * labelled from the windows covering it, weighted towards their centres, runs of one label merged into segments,
 * segments shorter than the minimum merged into the neighbour that the short stretch's frames favour, and
 * frames whose best probability is under the no-action threshold left out of every segment.
 */
public final class TimelineBuilder {
    private final List<String> classes;
    private final TimelineOptions options;
    private final List<WindowResult> windows = new ArrayList<>();

    public TimelineBuilder(List<String> classes, TimelineOptions options) {
        this.classes = List.copyOf(classes);
        this.options = options;
    }

    public void add(WindowResult w) {
        windows.add(w);
    }

    public void addAll(List<WindowResult> ws) {
        ws.forEach(this::add);
    }

    public List<WindowResult> windows() {
        return List.copyOf(windows);
    }

    /**
     * A stretch of time with one label (-1: no action), and each class's probability summed over its pieces,
     * each weighted by its duration: what merging and the segment's score need, however long the stretch.
     */
    private record Run(int label, double startS, double endS, double[] mass) {
        double length() {
            return endS - startS;
        }

        /** The stretch's probability of {@code c}, its pieces weighted by their durations (-1 for no action). */
        double mean(int c) {
            return c < 0 ? -1 : mass[c] / length();
        }

        Run join(Run other, int label) {
            double[] sum = mass.clone();
            for (int c = 0; c < sum.length; c++) sum[c] += other.mass[c];
            return new Run(label, Math.min(startS, other.startS), Math.max(endS, other.endS), sum);
        }
    }

    public Timeline build(String video, double fps, long frames, WindowPlan plan, Map<String, Object> provenance) {
        int n = windows.size();
        double duration = fps > 0 ? frames / fps : n == 0 ? 0 : windows.get(n - 1).endS();
        double[][] smoothed = smooth();
        List<Timeline.Window> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            WindowResult w = windows.get(i);
            List<Timeline.ClassProbability> top = top(w.probabilities());
            out.add(new Timeline.Window(w.startS(), w.endS(), top,
                    options.smoothing() == 1 ? top : top(smoothed[i]), w.probabilities(), smoothed[i]));
        }
        List<Run> runs = runs(smoothed, cuts(fps, frames, duration));
        double min = options.minSegmentS() != null ? options.minSegmentS() : plan.strideSeconds();
        while (runs.size() > 1) {
            int shortest = -1;
            for (int r = 0; r < runs.size(); r++) {
                double d = runs.get(r).length();
                if (d < min - 1e-9 && (shortest < 0 || d < runs.get(shortest).length())) shortest = r;
            }
            if (shortest < 0) break;
            Run s = runs.get(shortest);
            int into = shortest == 0 ? 1 : shortest == runs.size() - 1 ? shortest - 1
                    : s.mean(runs.get(shortest - 1).label()) >= s.mean(runs.get(shortest + 1).label())
                    ? shortest - 1 : shortest + 1;
            runs.set(into, runs.get(into).join(s, runs.get(into).label()));
            runs.remove(shortest);
            // neighbours of one label join
            for (int r = runs.size() - 1; r > 0; r--) {
                if (runs.get(r).label() == runs.get(r - 1).label()) {
                    runs.set(r - 1, runs.get(r - 1).join(runs.get(r), runs.get(r).label()));
                    runs.remove(r);
                }
            }
        }
        List<Timeline.Segment> segments = new ArrayList<>();
        for (Run r : runs) {
            if (r.label() < 0) continue;
            segments.add(new Timeline.Segment(classes.get(r.label()), r.startS(), r.endS(), r.mean(r.label())));
        }
        return new Timeline(video, fps, duration, frames, plan.windowSeconds(), plan.strideSeconds(), out, segments,
                provenance);
    }

    /**
     * Where time is cut into pieces that are labelled one by one: at every frame where the frame rate and count
     * are known (a frame is labelled at its centre), otherwise at every window's start, centre and end. The
     * weights of the covering windows change within a stretch between window edges, so labelling such a stretch
     * once, at its middle, puts every change of label on a window edge or centre: that lost 1.5 points of frame
     * accuracy on the benchmark with the best model (stride 14 frames), 0.2-0.4 with the pools (12 frames).
     */
    private double[] cuts(double fps, long frames, double duration) {
        double end = windows.isEmpty() ? duration : Math.max(duration, windows.get(windows.size() - 1).endS());
        if (fps > 0 && frames > 0) {
            double[] cuts = new double[Math.toIntExact(frames) + 2];
            for (int k = 0; k <= frames; k++) cuts[k] = k / fps;
            cuts[cuts.length - 1] = end; // a zero-length last piece where the windows end with the frames
            return cuts;
        }
        TreeSet<Double> cuts = new TreeSet<>();
        cuts.add(0.0);
        for (WindowResult w : windows) {
            cuts.add(w.startS());
            cuts.add(centre(w));
            cuts.add(w.endS());
        }
        cuts.add(end);
        return cuts.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * Each piece between neighbouring cuts gets the windows covering it averaged, each weighted by a tent over
     * its span (1 at its centre, 0 at its edges), and the label of the best class (or no action); neighbouring
     * pieces of one label form a run. A window's keyframes spread over all of it, so it speaks for its centre
     * more than for its edges, where the overlapping windows centred nearer count more. A piece that no window
     * covers takes the nearest window's probabilities.
     */
    private List<Run> runs(double[][] probabilities, double[] cuts) {
        int n = windows.size();
        List<Run> runs = new ArrayList<>();
        if (n == 0) return runs; // nothing recognised: no segments
        int first = 0; // the first window that may still cover a piece (windows start and end in time order)
        for (int k = 1; k < cuts.length; k++) {
            double a = cuts[k - 1];
            double b = cuts[k];
            if (b - a <= 1e-9) continue;
            double mid = (a + b) / 2;
            while (first < n && windows.get(first).endS() <= mid) first++;
            double[] p = new double[classes.size()];
            double total = 0;
            for (int i = first; i < n && windows.get(i).startS() < mid; i++) {
                WindowResult w = windows.get(i);
                if (w.endS() <= mid) continue;
                double weight = 1 - Math.abs(mid - centre(w)) / ((w.endS() - w.startS()) / 2);
                for (int c = 0; c < p.length; c++) p[c] += weight * probabilities[i][c];
                total += weight;
            }
            if (total > 0) {
                for (int c = 0; c < p.length; c++) p[c] /= total;
            } else {
                p = probabilities[nearest(mid, first)].clone();
            }
            int label = argmax(p);
            if (p[label] < options.noActionBelow()) label = -1;
            for (int c = 0; c < p.length; c++) p[c] *= b - a;
            Run piece = new Run(label, a, b, p);
            Run last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
            if (last != null && last.label() == label) {
                runs.set(runs.size() - 1, last.join(piece, label));
            } else {
                runs.add(piece);
            }
        }
        return runs;
    }

    /** The window centred nearest to {@code t}, which no window covers: the last before it or the first after. */
    private int nearest(double t, int firstAfter) {
        if (firstAfter >= windows.size()) return windows.size() - 1;
        if (firstAfter == 0) return 0;
        return t - centre(windows.get(firstAfter - 1)) <= centre(windows.get(firstAfter)) - t
                ? firstAfter - 1 : firstAfter;
    }

    private static double centre(WindowResult w) {
        return (w.startS() + w.endS()) / 2;
    }

    /**
     * Centred weighted average over {@link TimelineOptions#smoothing()} windows, triangular weights (1, 2, 1 for
     * three), fewer windows at the ends. A window's own probabilities weigh most: with windows as long as a
     * training clip, an equal-weight average blurs actions shorter than a few strides into their neighbours. With
     * one window (no smoothing) each window's own probabilities are its smoothed ones, not a copy.
     */
    private double[][] smooth() {
        int n = windows.size();
        int half = options.smoothing() / 2;
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            if (half == 0) {
                out[i] = windows.get(i).probabilities();
                continue;
            }
            double[] sum = new double[classes.size()];
            double weights = 0;
            for (int j = Math.max(0, i - half); j <= Math.min(n - 1, i + half); j++) {
                double w = half + 1 - Math.abs(i - j);
                double[] p = windows.get(j).probabilities();
                for (int c = 0; c < sum.length; c++) sum[c] += w * p[c];
                weights += w;
            }
            for (int c = 0; c < sum.length; c++) sum[c] /= weights;
            out[i] = sum;
        }
        return out;
    }

    /** The best {@link TimelineOptions#top()} classes of a probability vector. */
    public List<Timeline.ClassProbability> top(double[] p) {
        List<Timeline.ClassProbability> all = new ArrayList<>();
        for (int c = 0; c < p.length; c++) all.add(new Timeline.ClassProbability(classes.get(c), p[c]));
        all.sort(Comparator.comparingDouble(Timeline.ClassProbability::probability).reversed());
        return List.copyOf(all.subList(0, Math.min(options.top(), all.size())));
    }

    private static int argmax(double[] p) {
        int b = 0;
        for (int c = 1; c < p.length; c++) if (p[c] > p[b]) b = c;
        return b;
    }
}
