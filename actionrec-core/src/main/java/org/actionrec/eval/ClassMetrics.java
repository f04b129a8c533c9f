package org.actionrec.eval;

/**
 * Per-class results. {@code precisionPct} is null where the class was never predicted, {@code recallPct} null
 * where it has no test clips (undefined rather than a misleading 0).
 *
 * @param support   test clips of this class
 * @param predicted clips predicted as this class
 */
public record ClassMetrics(String name, int support, int predicted, Double precisionPct, Double recallPct) {
}
