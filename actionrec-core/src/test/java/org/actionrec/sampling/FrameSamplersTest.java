package org.actionrec.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FrameSamplersTest {
    @Test
    void keyframesAreSegmentCentresWithPaperDefaults() {
        SamplePlan p = new UniformKeyframeSampler().plan(40, 0);
        assertThat(p.clips()).hasSize(5);
        // floor((i + 0.5) * 40 / 5) = 4, 12, 20, 28, 36
        assertThat(p.flatIndices()).containsExactly(4, 12, 20, 28, 36);
        assertThat(p.repeatedFrames()).isFalse();
    }

    @Test
    void keyframesMatchThePythonReferenceIndexing() {
        // The reference takes min(n - 2, int((i + 0.5) * n / K)); for JHMDB's n ≥ 15 the clamp never bites.
        for (int n = 15; n <= 48; n++) {
            int[] ours = new UniformKeyframeSampler(5).plan(n, 0).flatIndices();
            for (int i = 0; i < 5; i++) {
                assertThat(ours[i]).isEqualTo(Math.min(n - 2, (int) ((i + 0.5) * n / 5)));
            }
        }
    }

    @Test
    void shortVideoRepeatsFramesAndSaysSo() {
        SamplePlan p = new UniformKeyframeSampler(5).plan(3, 0);
        assertThat(p.flatIndices()).containsExactly(0, 0, 1, 2, 2);
        assertThat(p.repeatedFrames()).isTrue();
        assertThat(p.distinctIndices()).containsExactly(0, 1, 2);

        SamplePlan one = new UniformFrameSampler(30).plan(1, 0);
        assertThat(one.flatIndices()).hasSize(30).containsOnly(0);
        assertThat(one.repeatedFrames()).isTrue();
    }

    @Test
    void uniformFramesAreOneOrderedClip() {
        SamplePlan p = new UniformFrameSampler().plan(300, 0);
        assertThat(p.clips()).hasSize(1);
        int[] idx = p.clips().get(0);
        assertThat(idx).hasSize(30);
        assertThat(idx[0]).isEqualTo(5);
        assertThat(idx[29]).isEqualTo(295);
        for (int i = 1; i < idx.length; i++) {
            assertThat(idx[i] - idx[i - 1]).isEqualTo(10);
        }
    }

    @Test
    void consecutiveClipIsCentredForTestingAndSeededForTraining() {
        int[] centre = new ConsecutiveClipSampler(ConsecutiveClipSampler.Mode.TEST).plan(100, 7).clips().get(0);
        assertThat(centre[0]).isEqualTo(42);
        assertThat(centre).hasSize(16);
        assertThat(centre[15]).isEqualTo(57);

        var train = new ConsecutiveClipSampler(ConsecutiveClipSampler.Mode.TRAIN);
        int[] a = train.plan(100, 1).clips().get(0);
        assertThat(train.plan(100, 1).clips().get(0)).containsExactly(a);
        long distinctStarts = java.util.stream.LongStream.range(0, 50)
                .map(s -> train.plan(100, s).clips().get(0)[0]).distinct().count();
        assertThat(distinctStarts).isGreaterThan(10);
        for (long s = 0; s < 50; s++) {
            int[] c = train.plan(100, s).clips().get(0);
            assertThat(c[0]).isBetween(0, 84);
            assertThat(c[15] - c[0]).isEqualTo(15);
        }
    }

    @Test
    void consecutiveClipOfShortVideoRepeatsLastFrame() {
        SamplePlan p = new ConsecutiveClipSampler(ConsecutiveClipSampler.Mode.TRAIN).plan(10, 3);
        assertThat(p.clips().get(0)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 9, 9, 9, 9, 9);
        assertThat(p.repeatedFrames()).isTrue();
    }

    @Test
    void multiClipsAreUniformlySpacedAndInRange() {
        SamplePlan p = new MultiClipSampler().plan(100, 0);
        assertThat(p.clips()).hasSize(5);
        int[] starts = p.clips().stream().mapToInt(c -> c[0]).toArray();
        // a = (100 - 16 + 1) / 5 = 17: starts floor(17 j + 8.5)
        assertThat(starts).containsExactly(8, 25, 42, 59, 76);
        assertThat(p.clips()).allSatisfy(c -> assertThat(c[15]).isLessThan(100));
        assertThat(p.repeatedFrames()).isFalse();
        SamplePlan exact = new MultiClipSampler(5, 16).plan(16, 0);
        assertThat(exact.clips()).allSatisfy(c -> assertThat(c).containsExactly(
                0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
    }

    @Test
    void everySamplerIsDeterministicAndInRangeForManyLengths() {
        FrameSampler[] samplers = {new UniformKeyframeSampler(), new UniformFrameSampler(),
            new ConsecutiveClipSampler(ConsecutiveClipSampler.Mode.TRAIN),
            new ConsecutiveClipSampler(ConsecutiveClipSampler.Mode.TEST), new MultiClipSampler()};
        for (FrameSampler s : samplers) {
            for (int n = 1; n < 200; n += 7) {
                SamplePlan a = s.plan(n, 42);
                int frames = n;
                assertThat(a.flatIndices()).hasSize(s.framesPerVideo());
                assertThat(Arrays.stream(a.flatIndices()).allMatch(i -> i >= 0 && i < frames)).as(s.describe()).isTrue();
                assertThat(s.plan(n, 42).flatIndices()).containsExactly(a.flatIndices());
            }
        }
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new UniformKeyframeSampler(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UniformKeyframeSampler().plan(0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one frame");
    }
}
