package org.actionrec.eval;

import java.util.List;

/** The headline numbers of one evaluation, or their mean over splits (clips then summed). */
public record EvaluationSummary(double top1Pct, double top5Pct, double meanClassAccuracyPct, int clips) {
    public static EvaluationSummary of(Evaluation e) {
        return new EvaluationSummary(e.top1Pct(), e.top5Pct(), e.meanClassAccuracyPct(), e.clips());
    }

    /** Unweighted mean over splits, as papers report it. */
    public static EvaluationSummary mean(List<EvaluationSummary> splits) {
        if (splits.isEmpty()) {
            throw new IllegalArgumentException("no splits to average");
        }
        double t1 = 0;
        double t5 = 0;
        double mca = 0;
        int clips = 0;
        for (EvaluationSummary s : splits) {
            t1 += s.top1Pct();
            t5 += s.top5Pct();
            mca += s.meanClassAccuracyPct();
            clips += s.clips();
        }
        int n = splits.size();
        return new EvaluationSummary(t1 / n, t5 / n, mca / n, clips);
    }

    public static EvaluationSummary meanOfEvaluations(List<Evaluation> splits) {
        return mean(splits.stream().map(EvaluationSummary::of).toList());
    }
}
