package org.actionrec.eval;

/** Percentiles of measured values: nearest rank (latencies), or interpolated (clip durations). */
public final class Percentiles {
    private Percentiles() {
    }

    /** The nearest-rank {@code q} percentile (0 &lt; q ≤ 1) of values sorted ascending; NaN for none. */
    public static double nearestRank(double[] sorted, double q) {
        if (sorted.length == 0) return Double.NaN;
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /**
     * The {@code q} quantile (0 ≤ q ≤ 1) of values sorted ascending, linear between the neighbouring order
     * statistics (so the median of an even count is the mean of the middle two); NaN for none.
     */
    public static double interpolated(double[] sorted, double q) {
        if (sorted.length == 0) return Double.NaN;
        double at = q * (sorted.length - 1);
        int lo = (int) Math.floor(at);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (at - lo) * (sorted[hi] - sorted[lo]);
    }
}
