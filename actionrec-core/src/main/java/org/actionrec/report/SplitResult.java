package org.actionrec.report;

import org.actionrec.eval.CalibrationSummary;
import org.actionrec.eval.EvaluationSummary;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One split's numbers per stream (in display order; the fused result under {@link RunReport#FUSED}), and how
 * well the model's probabilities are calibrated on its test clips (null where not measured).
 */
public record SplitResult(int split, Map<String, EvaluationSummary> streams, CalibrationSummary calibration) {
    public SplitResult {
        streams = new LinkedHashMap<>(streams);
    }

    public SplitResult(int split, Map<String, EvaluationSummary> streams) {
        this(split, streams, null);
    }
}
