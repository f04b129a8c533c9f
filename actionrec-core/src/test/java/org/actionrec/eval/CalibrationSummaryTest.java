package org.actionrec.eval;

import org.actionrec.head.SoftmaxSamples;
import org.actionrec.head.TemperatureScaling;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CalibrationSummaryTest {
    @Test
    void temperatureFittedOnValidationClipsCalibratesOverConfidentTestScores() {
        // labels drawn at T0 = 3: the raw scores' softmax is far more confident than it is right
        SoftmaxSamples all = SoftmaxSamples.draw(8_000, 8, 4.0, 3.0, 11);
        SoftmaxSamples validation = all.head(3_000);
        SoftmaxSamples test = all.tail(3_000);

        TemperatureScaling scaling = TemperatureScaling.fit(validation.scores(), validation.truth());
        CalibrationSummary s = CalibrationSummary.of(scaling, test.scores(), test.truth(), 3_000, "validation");

        assertThat(s.temperature()).isEqualTo(scaling.temperature()).isGreaterThan(2.0);
        assertThat(s.nllAfter()).isLessThan(s.nllBefore() - 0.1);
        assertThat(s.eceBeforePct()).isGreaterThan(15.0);
        assertThat(s.eceAfterPct()).isLessThan(3.0);
        assertThat(s.testClips()).isEqualTo(5_000);
        assertThat(s.fittedOnClips()).isEqualTo(3_000);
        assertThat(s.fittedOn()).isEqualTo("validation");

        CalibrationMetrics before = CalibrationMetrics.of(TemperatureScaling.identity().probabilities(test.scores()), test.truth());
        assertThat(s.eceBeforePct()).isEqualTo(before.ecePct());
        assertThat(s.nllBefore()).isEqualTo(before.nll());
    }

    @Test
    void identityChangesNothing() {
        SoftmaxSamples test = SoftmaxSamples.draw(500, 4, 1.0, 1.0, 5);

        CalibrationSummary s = CalibrationSummary.of(TemperatureScaling.identity(), test.scores(), test.truth(), 0, "none");

        assertThat(s.eceAfterPct()).isEqualTo(s.eceBeforePct());
        assertThat(s.nllAfter()).isCloseTo(s.nllBefore(), within(0.0));
    }

    @Test
    void refusesMeasurementsOfDifferentClips() {
        CalibrationMetrics one = CalibrationMetrics.of(new double[][] {{0.6, 0.4}}, new int[] {0});
        CalibrationMetrics two = CalibrationMetrics.of(new double[][] {{0.6, 0.4}, {0.3, 0.7}}, new int[] {0, 1});

        assertThatThrownBy(() -> CalibrationSummary.of(TemperatureScaling.identity(), one, two, 1, "validation"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("different clip counts");
        assertThat(List.of(one.clips(), two.clips())).containsExactly(1, 2);
    }
}
