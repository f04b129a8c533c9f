package org.actionrec.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.actionrec.recognizer.TrainingClips;
import org.actionrec.sampling.FrameSampler;
import org.junit.jupiter.api.Test;

class WindowPlanTest {
    @Test
    void theWindowIsTheLowerQuartileOfTheTrainingClipsRoundedToTheKeyframeGrid() {
        TrainingClips jhmdbLike = new TrainingClips(660, 40, 40, 30, 40 / 30.0, 34 / 30.0);
        WindowPlan p = WindowPlan.of(30, null, null, 5, Optional.of(jhmdbLike));
        assertThat(p.keyframeSpacing()).isEqualTo(7); // 34 / 5 = 6.8
        assertThat(p.windowFrames()).isEqualTo(35);
        assertThat(p.strideFrames()).isEqualTo(14); // half of 1.13 s = 17 frames = 2.4 spacings -> 2
        assertThat(p.basis()).contains("lower quartile of the training clip durations");
        assertThat(p.windowSeconds()).isEqualTo(35 / 30.0);
    }

    @Test
    void keyframesOfNeighbouringWindowsCoincide() {
        WindowPlan p = WindowPlan.of(25, 1.2, 0.5, 5, Optional.empty());
        int[] first = FrameSampler.segmentCentres(p.windowFrames(), 5);
        int[] next = FrameSampler.segmentCentres(p.windowFrames(), 5);
        int shift = p.strideFrames() / p.keyframeSpacing();
        for (int j = 0; j + shift < 5; j++) {
            assertThat(next[j] + p.strideFrames()).isEqualTo(first[j + shift]);
        }
    }

    @Test
    void withoutTrainingDurationsTheDocumentedDefaultIsUsedAndSaidSo() {
        WindowPlan p = WindowPlan.of(0, null, null, 5, Optional.empty());
        assertThat(p.fps()).isEqualTo(WindowPlan.DEFAULT_FPS);
        assertThat(p.windowFrames()).isEqualTo(35); // 1.2 s * 30 = 36 frames, spacing 7
        assertThat(p.basis()).contains("records no training clip durations");
    }

    @Test
    void badWindowsAreRefused() {
        assertThatThrownBy(() -> WindowPlan.of(30, -1.0, null, 5, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window");
        assertThatThrownBy(() -> WindowPlan.of(30, 1.0, 0.0, 5, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stride");
    }
}
