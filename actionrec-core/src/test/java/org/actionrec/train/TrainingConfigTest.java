package org.actionrec.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.Arrays;
import org.actionrec.train.TrainingConfig.LrSchedule;
import org.junit.jupiter.api.Test;

class TrainingConfigTest {
    @Test
    void schedulesDecayPerEpoch() {
        TrainingConfig base = TrainingConfig.defaults().withOptimizer(TrainingConfig.OptimizerKind.SGD, 0.1f);
        TrainingConfig step = base.withSchedule(LrSchedule.step(3, 0.1f));
        assertThat(step.learningRateAt(0)).isCloseTo(0.1f, offset(1e-7f));
        assertThat(step.learningRateAt(2)).isCloseTo(0.1f, offset(1e-7f));
        assertThat(step.learningRateAt(3)).isCloseTo(0.01f, offset(1e-7f));
        assertThat(step.learningRateAt(6)).isCloseTo(0.001f, offset(1e-7f));
        TrainingConfig exp = base.withSchedule(LrSchedule.exponential(0.5f));
        assertThat(exp.learningRateAt(3)).isCloseTo(0.0125f, offset(1e-7f));
        assertThat(base.learningRateAt(50)).isEqualTo(0.1f);
    }

    @Test
    void rejectsNonsense() {
        TrainingConfig d = TrainingConfig.defaults();
        assertThatThrownBy(() -> d.withEpochs(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withDropout(1f)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LrSchedule.step(0, 0.5f)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SequenceModels.ModelSpec.of("transformer")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void epochOrderIsAPermutationThatDependsOnlyOnItsSeed() {
        int[] a = SequenceTrainer.order(50, SequenceTrainer.epochSeed(42, 3, 2));
        int[] b = SequenceTrainer.order(50, SequenceTrainer.epochSeed(42, 3, 2));
        int[] c = SequenceTrainer.order(50, SequenceTrainer.epochSeed(42, 4, 2));
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
        int[] sorted = a.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) assertThat(sorted[i]).isEqualTo(i);
    }
}
