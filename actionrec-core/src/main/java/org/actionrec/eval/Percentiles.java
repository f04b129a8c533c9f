package org.actionrec.eval;

/** Percentiles of measured values (latencies): the nearest-rank definition, no interpolation. */
public final class Percentiles {
    private Percentiles() {
    }

    /** The nearest-rank {@code q} percentile (0 &lt; q ≤ 1) of values sorted ascending; NaN for none. */
    public static double nearestRank(double[] sorted, double q) {
        if (sorted.length == 0) return Double.NaN;
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
