package org.actionrec.eval;

import org.actionrec.head.TemperatureScaling;

/**
 * What temperature scaling did to one set of test clips, for a report: "before" is the softmax of the scores
 * as they are (T = 1), "after" the softmax at the fitted temperature.
 *
 * @param temperature   the fitted T
 * @param eceBeforePct  expected calibration error at T = 1, percent
 * @param eceAfterPct   expected calibration error at the fitted T, percent
 * @param nllBefore     mean negative log-likelihood at T = 1 (natural log)
 * @param nllAfter      mean negative log-likelihood at the fitted T
 * @param testClips     clips the figures were measured on
 * @param fittedOnClips clips T was fitted on
 * @param fittedOn      which clips those were, in words (e.g. "validation")
 */
public record CalibrationSummary(double temperature, double eceBeforePct, double eceAfterPct, double nllBefore,
                                 double nllAfter, int testClips, int fittedOnClips, String fittedOn) {

    /** Measures both sides on the test scores; see {@link #of(TemperatureScaling, CalibrationMetrics, CalibrationMetrics, int, String)}. */
    public static CalibrationSummary of(TemperatureScaling scaling, float[][] testScores, int[] testTruth,
                                        int fittedOnClips, String fittedOn) {
        CalibrationMetrics before = CalibrationMetrics.of(TemperatureScaling.identity().probabilities(testScores), testTruth);
        CalibrationMetrics after = CalibrationMetrics.of(scaling.probabilities(testScores), testTruth);
        return of(scaling, before, after, fittedOnClips, fittedOn);
    }

    /** For callers that already measured both sides (e.g. to draw the reliability diagram). */
    public static CalibrationSummary of(TemperatureScaling scaling, CalibrationMetrics before, CalibrationMetrics after,
                                        int fittedOnClips, String fittedOn) {
        if (before.clips() != after.clips()) {
            throw new IllegalArgumentException("before and after were measured on different clip counts: "
                    + before.clips() + " and " + after.clips());
        }
        return new CalibrationSummary(scaling.temperature(), before.ecePct(), after.ecePct(), before.nll(),
                after.nll(), before.clips(), fittedOnClips, fittedOn);
    }
}
