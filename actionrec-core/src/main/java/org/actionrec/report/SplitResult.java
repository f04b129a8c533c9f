package org.actionrec.report;

import org.actionrec.eval.EvaluationSummary;

import java.util.LinkedHashMap;
import java.util.Map;

/** One split's numbers per stream (in display order; the fused result under {@link RunReport#FUSED}). */
public record SplitResult(int split, Map<String, EvaluationSummary> streams) {
    public SplitResult {
        streams = new LinkedHashMap<>(streams);
    }
}
