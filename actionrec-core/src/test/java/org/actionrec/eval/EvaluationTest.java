package org.actionrec.eval;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class EvaluationTest {
    private static final List<String> NAMES = List.of("a", "b", "c");

    // 6 clips, 3 classes; truth a a a b b c. Worked out by hand below each row.
    private static final float[][] SCORES = {
            {0.9f, 0.05f, 0.05f}, // a -> a  correct
            {0.2f, 0.7f, 0.1f},   // a -> b
            {0.6f, 0.3f, 0.1f},   // a -> a  correct
            {0.1f, 0.8f, 0.1f},   // b -> b  correct
            {0.1f, 0.3f, 0.6f},   // b -> c
            {0.5f, 0.1f, 0.4f},   // c -> a  (c second)
    };
    private static final int[] TRUTH = {0, 0, 0, 1, 1, 2};

    @Test
    void metricsMatchTheHandComputedValues() {
        Evaluation e = Evaluation.of(SCORES, TRUTH, NAMES, List.of("v1", "v2", "v3", "v4", "v5", "v6"));
        assertThat(e.clips()).isEqualTo(6);
        assertThat(e.top1Pct()).isCloseTo(100.0 * 3 / 6, within(1e-9));
        assertThat(e.top5Pct()).isEqualTo(100.0); // only 3 classes: every clip is in the top 3
        // recall: a 2/3, b 1/2, c 0/1 -> mean (66.67 + 50 + 0) / 3
        assertThat(e.meanClassAccuracyPct()).isCloseTo((200.0 / 3 + 50 + 0) / 3, within(1e-9));
        assertThat(e.confusion()).isEqualTo(new int[][] {{2, 1, 0}, {0, 1, 1}, {1, 0, 0}});
        // precision: a 2/3 predicted, b 1/2, c 0/1
        assertThat(e.classes()).extracting(ClassMetrics::precisionPct)
                .containsExactly(200.0 / 3, 50.0, 0.0);
        assertThat(e.classes()).extracting(ClassMetrics::recallPct).containsExactly(200.0 / 3, 50.0, 0.0);
        assertThat(e.classes()).extracting(ClassMetrics::support).containsExactly(3, 2, 1);
        assertThat(e.predictions().get(1)).isEqualTo(new Prediction("v2", "a", "b", 0.7f));
        assertThat(e.predictions().get(5).correct()).isFalse();
    }

    @Test
    void topKCountsTiesLikeArgmaxAndUndefinedMetricsAreNull() {
        // 6 classes; the truth ranks exactly 6th in clip 0, tied for 5th (lower index wins) in clip 1.
        List<String> names = List.of("c0", "c1", "c2", "c3", "c4", "c5");
        float[][] scores = {
                {6, 5, 4, 3, 2, 1},  // truth 5: five classes above -> not top-5
                {5, 4, 3, 2, 1, 1},  // truth 5 ties c4 which has a lower index -> 5 before -> not top-5
                {5, 4, 3, 2, 1, 1},  // truth 4 -> 4 before -> top-5
                {1, 1, 0, 0, 0, 0},  // truth 0: tie with c1, argmax picks c0 -> top-1
        };
        int[] truth = {5, 5, 4, 0};
        Evaluation e = Evaluation.of(scores, truth, names, null);
        assertThat(e.top1Pct()).isEqualTo(25.0);
        assertThat(e.top5Pct()).isEqualTo(50.0);
        assertThat(e.predictions().get(0).clip()).isEqualTo("clip-0");
        ClassMetrics c2 = e.classes().get(2); // no clips, never predicted
        assertThat(c2.recallPct()).isNull();
        assertThat(c2.precisionPct()).isNull();
        // classes with clips: c0 recall 100, c4 0, c5 0 -> mean 33.3
        assertThat(e.meanClassAccuracyPct()).isCloseTo(100.0 / 3, within(1e-9));
    }

    @Test
    void meanOverSplitsAveragesEachNumber() {
        EvaluationSummary s1 = new EvaluationSummary(40, 80, 35, 100);
        EvaluationSummary s2 = new EvaluationSummary(50, 90, 45, 110);
        EvaluationSummary s3 = new EvaluationSummary(60, 70, 55, 90);
        EvaluationSummary mean = EvaluationSummary.mean(List.of(s1, s2, s3));
        assertThat(mean.top1Pct()).isCloseTo(50, within(1e-9));
        assertThat(mean.top5Pct()).isCloseTo(80, within(1e-9));
        assertThat(mean.meanClassAccuracyPct()).isCloseTo(45, within(1e-9));
        assertThat(mean.clips()).isEqualTo(300);
    }
}
