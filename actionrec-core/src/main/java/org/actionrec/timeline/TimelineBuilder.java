package org.actionrec.timeline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Windows → a {@link Timeline}: probabilities smoothed over neighbouring windows, each window owning the time
 * nearer its centre than its neighbours', runs of one label merged into segments, segments shorter than the
 * minimum merged into the neighbour that the short stretch's windows favour, and windows whose best smoothed
 * probability is under the no-action threshold left out of every segment.
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

    /** A run of windows with one label (-1: no action). */
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
        double[] bounds = new double[n + 1];
        for (int i = 1; i < n; i++) bounds[i] = (centre(i - 1) + centre(i)) / 2;
        if (n > 0) bounds[n] = Math.max(duration, windows.get(n - 1).endS());
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int label = argmax(smoothed[i]);
            if (smoothed[i][label] < options.noActionBelow()) label = -1;
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
                double d = bounds[runs.get(r).last() + 1] - bounds[runs.get(r).first()];
                if (d < min - 1e-9 && (shortest < 0 || d < bounds[runs.get(shortest).last() + 1]
                        - bounds[runs.get(shortest).first()])) {
                    shortest = r;
                }
            }
            if (shortest < 0) break;
            Run s = runs.get(shortest);
            int into = shortest == 0 ? 1 : shortest == runs.size() - 1 ? shortest - 1
                    : support(runs.get(shortest - 1), s, smoothed) >= support(runs.get(shortest + 1), s, smoothed)
                    ? shortest - 1 : shortest + 1;
            Run t = runs.get(into);
            Run merged = new Run(t.label(), Math.min(s.first(), t.first()), Math.max(s.last(), t.last()));
            runs.set(into, merged);
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
            double score = 0;
            for (int i = r.first(); i <= r.last(); i++) score += smoothed[i][r.label()];
            segments.add(new Timeline.Segment(classes.get(r.label()), bounds[r.first()], bounds[r.last() + 1],
                    score / (r.last() - r.first() + 1)));
        }
        return new Timeline(video, fps, duration, frames, plan.windowSeconds(), plan.strideSeconds(), out, segments,
                provenance);
    }

    /** How much the short run's windows favour the neighbour's label (its mean smoothed probability there). */
    private static double support(Run neighbour, Run shortRun, double[][] smoothed) {
        if (neighbour.label() < 0) return -1;
        double s = 0;
        for (int i = shortRun.first(); i <= shortRun.last(); i++) s += smoothed[i][neighbour.label()];
        return s / (shortRun.last() - shortRun.first() + 1);
    }

    private double centre(int i) {
        return (windows.get(i).startS() + windows.get(i).endS()) / 2;
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
