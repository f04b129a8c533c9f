package org.actionrec.backbone.quantize;

import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What each calibrated activation did on the calibration images: its smallest and largest value (first pass), then
 * a histogram of |x| over [0, max |x|] (second pass, for the percentile and entropy methods), and the range each
 * {@link CalibrationMethod} chooses from them.
 */
public final class ActivationStatistics {
    /** Bins of the |x| histograms (what ONNX Runtime's calibrators use too). */
    static final int BINS = 2048;
    /** The percentile method's cut: the share of |x| kept inside the range, in percent. */
    static final double PERCENTILE = 99.99;

    private final List<String> names;
    private final float[] min;
    private final float[] max;
    private long[][] histograms;

    ActivationStatistics(List<String> names) {
        this.names = List.copyOf(names);
        this.min = new float[names.size()];
        this.max = new float[names.size()];
        java.util.Arrays.fill(min, Float.POSITIVE_INFINITY);
        java.util.Arrays.fill(max, Float.NEGATIVE_INFINITY);
    }

    List<String> names() {
        return names;
    }

    /** First pass: widens tensor {@code t}'s min and max by these values. */
    void observeRange(int t, FloatBuffer values) {
        float lo = min[t];
        float hi = max[t];
        for (int i = values.position(), end = values.limit(); i < end; i++) {
            float v = values.get(i);
            if (v < lo) lo = v;
            if (v > hi) hi = v;
        }
        min[t] = lo;
        max[t] = hi;
    }

    /** Second pass (after every first-pass observation): counts these values into tensor {@code t}'s histogram. */
    void observeHistogram(int t, FloatBuffer values) {
        if (histograms == null) histograms = new long[names.size()][BINS];
        long[] h = histograms[t];
        float absMax = absMax(t);
        if (absMax <= 0) {
            h[0] += values.remaining();
            return;
        }
        float perBin = BINS / absMax;
        for (int i = values.position(), end = values.limit(); i < end; i++) {
            int bin = (int) (Math.abs(values.get(i)) * perBin);
            h[bin >= BINS ? BINS - 1 : bin]++;
        }
    }

    boolean hasHistograms() {
        return histograms != null;
    }

    private float absMax(int t) {
        return Math.max(Math.abs(min[t]), Math.abs(max[t]));
    }

    /**
     * The range of every tensor by {@code method}.
     *
     * @param nonNegative tensors known to be ≥ 0 (the outputs of a ReLU folded into the quantization): their range
     *                    starts at 0
     * @param upperBounds tensors bounded above (a Clip folded in): their range ends there at the latest
     */
    Map<String, ActivationRange> ranges(CalibrationMethod method, java.util.Set<String> nonNegative,
                                        Map<String, Float> upperBounds) {
        if (method != CalibrationMethod.MINMAX && histograms == null) {
            throw new IllegalStateException(method.id() + " needs the histogram pass");
        }
        Map<String, ActivationRange> out = new LinkedHashMap<>();
        for (int t = 0; t < names.size(); t++) {
            String name = names.get(t);
            boolean floorAtZero = nonNegative.contains(name) || min[t] >= 0;
            float lo = floorAtZero ? 0f : min[t];
            float hi = max[t];
            if (min[t] > max[t]) {
                throw new IllegalStateException("tensor " + name + " was never observed");
            }
            if (method != CalibrationMethod.MINMAX) {
                float bin = absMax(t) / BINS;
                int bins = method == CalibrationMethod.PERCENTILE ? percentileBins(histograms[t])
                        : entropyBins(histograms[t], floorAtZero ? 255 : 128);
                float threshold = bins * bin;
                lo = Math.max(lo, -threshold);
                hi = Math.min(hi, threshold);
            }
            Float bound = upperBounds.get(name);
            if (bound != null) hi = Math.min(hi, bound);
            out.put(name, new ActivationRange(Math.min(lo, hi), hi));
        }
        return out;
    }

    /** Bins from 0 that hold {@link #PERCENTILE}% of the values. */
    static int percentileBins(long[] h) {
        long total = 0;
        for (long c : h) total += c;
        double keep = total * PERCENTILE / 100.0;
        long seen = 0;
        for (int i = 0; i < h.length; i++) {
            seen += h[i];
            if (seen >= keep) return i + 1;
        }
        return h.length;
    }

    /**
     * TensorRT's entropy calibration: for each candidate cut i (in bins), the reference distribution is the first i
     * bins with everything beyond folded into the last; the candidate is those bins merged into {@code levels} and
     * spread back over the bins that were not empty. The cut with the least KL divergence between them wins.
     */
    static int entropyBins(long[] h, int levels) {
        int n = h.length;
        if (n <= levels) return n;
        double[] p = new double[n];
        double[] q = new double[n];
        long beyond = 0;
        for (long c : h) beyond += c;
        double best = Double.POSITIVE_INFINITY;
        int bestBins = n;
        long inside = 0;
        for (int i = 0; i < levels; i++) inside += h[i];
        beyond -= inside;
        for (int i = levels; i <= n; i++) {
            if (i > levels) {
                inside += h[i - 1];
                beyond -= h[i - 1];
            }
            if (inside == 0) continue;
            for (int k = 0; k < i; k++) p[k] = h[k];
            p[i - 1] += beyond;
            java.util.Arrays.fill(q, 0, i, 0);
            double perLevel = (double) i / levels;
            for (int j = 0; j < levels; j++) {
                int start = (int) Math.floor(j * perLevel);
                int end = j == levels - 1 ? i : (int) Math.floor((j + 1) * perLevel);
                double merged = 0;
                int nonZero = 0;
                for (int k = start; k < end; k++) {
                    merged += h[k];
                    if (h[k] != 0) nonZero++;
                }
                if (nonZero == 0) continue;
                double spread = merged / nonZero;
                for (int k = start; k < end; k++) {
                    if (h[k] != 0) q[k] = spread;
                }
            }
            double kl = divergence(p, q, i);
            if (kl < best) {
                best = kl;
                bestBins = i;
            }
        }
        return bestBins;
    }

    /** KL(p || q) over the first n bins, both normalised; bins where q is empty but p is not count as a tiny q. */
    private static double divergence(double[] p, double[] q, int n) {
        double ps = 0;
        double qs = 0;
        for (int k = 0; k < n; k++) {
            ps += p[k];
            qs += q[k];
        }
        if (ps == 0 || qs == 0) return Double.POSITIVE_INFINITY;
        double kl = 0;
        for (int k = 0; k < n; k++) {
            if (p[k] == 0) continue;
            double pk = p[k] / ps;
            double qk = q[k] == 0 ? 1e-10 : q[k] / qs;
            kl += pk * Math.log(pk / qk);
        }
        return kl;
    }
}
