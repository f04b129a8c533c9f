package org.actionrec.timeline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Windows → a {@link Timeline}: window probabilities (smoothed over neighbouring windows where asked), each moment
 * labelled from the windows covering it, weighted towards their centres, runs of one label merged into segments,
 * segments shorter than the minimum merged into the neighbour that the short stretch's moments favour, and
 * moments whose best probability is under the no-action threshold left out of every segment.
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

    /** A stretch of time between neighbouring window edges or centres, and its class probabilities. */
    private record Step(double startS, double endS, double[] p) {
        double duration() {
            return endS - startS;
        }
    }

    /** A run of steps with one label (-1: no action). */
    private record Run(int label, int first, int last) {
    }

    public Timeline build(String video, double fps, long frames, WindowPlan plan, Map<String, Object> provenance) {
        int n = windows.size();
        double duration = fps > 0 ? frames / fps : n == 0 ? 0 : windows.get(n - 1).endS();
        double[][] smoothed = smooth();
        List<Timeline.Window> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            WindowResult w = windows.get(i);
            out.add(new Timeline.Window(w.startS(), w.endS(), top(w.probabilities()), top(smoothed[i]),
                    w.probabilities(), smoothed[i]));
        }
        List<Step> steps = steps(smoothed, duration);
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            double[] p = steps.get(i).p();
            int label = argmax(p);
            if (p[label] < options.noActionBelow()) label = -1;
            if (!runs.isEmpty() && runs.get(runs.size() - 1).label() == label) {
                Run r = runs.remove(runs.size() - 1);
                runs.add(new Run(label, r.first(), i));
            } else {
                runs.add(new Run(label, i, i));
            }
        }
        double min = options.minSegmentS() != null ? options.minSegmentS() : plan.strideSeconds();
        while (runs.size() > 1) {
            int shortest = -1;
            for (int r = 0; r < runs.size(); r++) {
                double d = length(runs.get(r), steps);
                if (d < min - 1e-9 && (shortest < 0 || d < length(runs.get(shortest), steps))) shortest = r;
            }
            if (shortest < 0) break;
            Run s = runs.get(shortest);
            int into = shortest == 0 ? 1 : shortest == runs.size() - 1 ? shortest - 1
                    : mean(s, runs.get(shortest - 1).label(), steps) >= mean(s, runs.get(shortest + 1).label(), steps)
                    ? shortest - 1 : shortest + 1;
            Run t = runs.get(into);
            runs.set(into, new Run(t.label(), Math.min(s.first(), t.first()), Math.max(s.last(), t.last())));
            runs.remove(shortest);
            // neighbours of one label join
            for (int r = runs.size() - 1; r > 0; r--) {
                if (runs.get(r).label() == runs.get(r - 1).label()) {
                    runs.set(r - 1, new Run(runs.get(r).label(), runs.get(r - 1).first(), runs.get(r).last()));
                    runs.remove(r);
                }
            }
        }
        List<Timeline.Segment> segments = new ArrayList<>();
        for (Run r : runs) {
            if (r.label() < 0) continue;
            segments.add(new Timeline.Segment(classes.get(r.label()), steps.get(r.first()).startS(),
                    steps.get(r.last()).endS(), mean(r, r.label(), steps)));
        }
        return new Timeline(video, fps, duration, frames, plan.windowSeconds(), plan.strideSeconds(), out, segments,
                provenance);
    }

    /**
     * Time cut at every window's start, centre and end, from 0 to the end of the video; each piece gets the
     * windows covering it averaged, each weighted by a tent over its span (1 at its centre, 0 at its edges). A
     * window's keyframes spread over all of it, so it speaks for its centre more than for its edges, where the
     * overlapping windows centred nearer count more. A piece that no window covers takes the nearest window's
     * probabilities.
     */
    private List<Step> steps(double[][] probabilities, double duration) {
        int n = windows.size();
        java.util.TreeSet<Double> cuts = new java.util.TreeSet<>();
        cuts.add(0.0);
        for (WindowResult w : windows) {
            cuts.add(w.startS());
            cuts.add(centre(w));
            cuts.add(w.endS());
        }
        if (n > 0) cuts.add(Math.max(duration, windows.get(n - 1).endS()));
        List<Step> steps = new ArrayList<>();
        int first = 0; // the first window that may still cover a piece (windows start and end in time order)
        Double a = null;
        for (double b : cuts) {
            if (a != null && b - a > 1e-9) {
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
                    p = probabilities[nearest(mid)].clone();
                }
                steps.add(new Step(a, b, p));
            }
            a = b;
        }
        return steps;
    }

    private int nearest(double t) {
        int best = 0;
        for (int i = 1; i < windows.size(); i++) {
            if (Math.abs(centre(windows.get(i)) - t) < Math.abs(centre(windows.get(best)) - t)) best = i;
        }
        return best;
    }

    private static double length(Run r, List<Step> steps) {
        return steps.get(r.last()).endS() - steps.get(r.first()).startS();
    }

    /** The run's probability of {@code label}, its steps weighted by their durations (-1 for no action). */
    private static double mean(Run r, int label, List<Step> steps) {
        if (label < 0) return -1;
        double sum = 0;
        for (int i = r.first(); i <= r.last(); i++) sum += steps.get(i).duration() * steps.get(i).p()[label];
        return sum / length(r, steps);
    }

    private static double centre(WindowResult w) {
        return (w.startS() + w.endS()) / 2;
    }

    /**
     * Centred weighted average over {@link TimelineOptions#smoothing()} windows, triangular weights (1, 2, 1 for
     * three), fewer windows at the ends. A window's own probabilities weigh most: with windows as long as a
     * training clip, an equal-weight average blurs actions shorter than a few strides into their neighbours.
     */
    private double[][] smooth() {
        int n = windows.size();
        int half = options.smoothing() / 2;
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
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
