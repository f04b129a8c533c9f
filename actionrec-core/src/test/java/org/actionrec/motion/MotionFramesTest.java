package org.actionrec.motion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MotionFramesTest {

    @Test
    void flowUsesTheNextFrameOrThePreviousAtTheEnd() {
        assertThat(MotionFrames.flowPair(0, 10)).isEqualTo(new MotionFrames.FlowPair(0, 1));
        assertThat(MotionFrames.flowPair(8, 10)).isEqualTo(new MotionFrames.FlowPair(8, 9));
        assertThat(MotionFrames.flowPair(9, 10)).isEqualTo(new MotionFrames.FlowPair(8, 9));
        assertThatThrownBy(() -> MotionFrames.flowPair(0, 1)).isInstanceOf(MotionInputException.class);
        assertThatThrownBy(() -> MotionFrames.flowPair(10, 10)).isInstanceOf(MotionInputException.class);
    }

    @Test
    void historyReadsWindowFramesBeforeTheKeyframe() {
        assertThat(MotionFrames.historyRange(20, 40, 8)).isEqualTo(new MotionFrames.Range(12, 20));
        assertThat(MotionFrames.historyRange(3, 40, 8)).isEqualTo(new MotionFrames.Range(0, 3));
        assertThat(MotionFrames.historyRange(0, 40, 8).length()).isEqualTo(1);
    }

    @Test
    void neededFramesAreTheSortedUnion() {
        int[] keys = {2, 20, 39};
        assertThat(MotionFrames.needed(keys, 40, false, null)).containsExactly(2, 20, 39);
        assertThat(MotionFrames.needed(keys, 40, true, null)).containsExactly(2, 3, 20, 21, 38, 39);
        assertThat(MotionFrames.needed(keys, 40, true, new MotionHistoryParams(3, 32)))
                .containsExactly(0, 1, 2, 3, 17, 18, 19, 20, 21, 36, 37, 38, 39);
    }
}
