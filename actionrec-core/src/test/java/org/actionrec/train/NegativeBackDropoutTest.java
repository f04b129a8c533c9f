package org.actionrec.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NegativeBackDropoutTest {

    // ---- TwoLayerHead ----

    @Test
    void headComputesReluHiddenScoresAndPrediction() {
        TwoLayerHead head = new TwoLayerHead(
                new float[][] {{1, 0}, {0, 1}, {1, -2}}, new float[] {0, 0.5f, 0},
                new float[][] {{1, 0, 0}, {0, 3, 0}}, new float[] {0, -1});
        assertThat(head.inputSize()).isEqualTo(2);
        assertThat(head.hiddenSize()).isEqualTo(3);
        assertThat(head.classCount()).isEqualTo(2);
        float[] x = {2, 1};
        assertThat(head.hidden(x)).containsExactly(2f, 1.5f, 0f); // third pre-activation 0 -> relu 0
        assertThat(head.scores(x)).containsExactly(2f, 3.5f);
        assertThat(head.predict(x)).isEqualTo(1);
        assertThat(head.predict(new float[] {4, 0})).isEqualTo(0); // scores 4, 0.5
    }

    @Test
    void copyIsDeep() {
        TwoLayerHead head = oneWrongNeuronHead();
        TwoLayerHead copy = head.copy();
        copy.w1()[0][0] = 99f;
        copy.b1()[0] = 99f;
        copy.w2()[1][1] = 99f;
        copy.b2()[0] = 99f;
        assertThat(head.w1()[0][0]).isEqualTo(1f);
        assertThat(head.b1()[0]).isEqualTo(0f);
        assertThat(head.w2()[1][1]).isEqualTo(3f);
        assertThat(head.b2()[0]).isEqualTo(0f);
    }

    @Test
    void headRejectsBadShapes() {
        float[][] w1 = {{1, 0}, {0, 1}};
        float[][] w2 = {{1, 0}, {0, 1}, {1, 1}};
        assertThatThrownBy(() -> new TwoLayerHead(w1, new float[3], w2, new float[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("b1 has 3");
        assertThatThrownBy(() -> new TwoLayerHead(w1, new float[2], new float[][] {{1, 0, 0}}, new float[1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("w2 rows have 3 columns");
        assertThatThrownBy(() -> new TwoLayerHead(w1, new float[2], w2, new float[2]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("b2 has 2");
        assertThatThrownBy(() -> new TwoLayerHead(new float[][] {{1, 0}, {1}}, new float[2], w2, new float[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("w1 is ragged");
        assertThatThrownBy(() -> new TwoLayerHead(new float[0][], new float[0], w2, new float[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("w1 must have at least one row");
        TwoLayerHead ok = new TwoLayerHead(w1, new float[2], w2, new float[3]);
        assertThatThrownBy(() -> ok.scores(new float[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("input has 3 values");
    }

    // ---- NegativeBackDropout ----

    /**
     * hidden = [x0, x1, 0]; class 0 reads hidden 0, class 1 reads hidden 1 three times as strongly.
     * For x = [1, 1] (true class 0) the scores are [1, 3]: hidden neuron 1 alone drives the mistake.
     */
    private static TwoLayerHead oneWrongNeuronHead() {
        return new TwoLayerHead(
                new float[][] {{1, 0}, {0, 1}, {0, 0}}, new float[] {0, 0, 0},
                new float[][] {{1, 0, 0}, {0, 3, 0}}, new float[] {0, 0});
    }

    @Test
    void dropsTheHiddenNeuronDrivingTheWrongClassAndFixesTheFrame() {
        TwoLayerHead head = oneWrongNeuronHead();
        List<float[]> frames = List.of(new float[] {1, 1}, new float[] {2, 0});
        int[] labels = {0, 0};
        assertThat(head.predict(frames.get(0))).isEqualTo(1);
        assertThat(NegativeBackDropout.frameAccuracy(head, frames, labels)).isCloseTo(0.5, offset(1e-12));

        NegativeBackDropout.Result r = new NegativeBackDropout().apply(head, frames, labels);

        assertThat(r.penaltyFrames()).isEqualTo(1);
        assertThat(r.framesChecked()).isEqualTo(1);
        assertThat(r.droppedHidden()).containsExactly(1);
        // after the hidden drop only hidden 0 is live and it pushes toward the true class: no input drop
        assertThat(r.droppedInputs()).isEmpty();
        assertThat(r.head().w2()).isDeepEqualTo(new float[][] {{1, 0, 0}, {0, 0, 0}});
        assertThat(r.head().w1()).isDeepEqualTo(head.w1());
        assertThat(r.head().predict(frames.get(0))).isEqualTo(0);
        assertThat(NegativeBackDropout.frameAccuracy(r.head(), frames, labels)).isEqualTo(1.0);
    }

    @Test
    void correctlyClassifiedFramesDropNothing() {
        TwoLayerHead head = oneWrongNeuronHead();
        List<float[]> frames = List.of(new float[] {2, 0}, new float[] {0, 1}, new float[] {3, 1});
        int[] labels = {0, 1, 0}; // scores [2,0], [0,3], [3,3] -> tie goes to class 0
        NegativeBackDropout.Result r = new NegativeBackDropout(0.5).apply(head, frames, labels);
        assertThat(r.penaltyFrames()).isZero();
        assertThat(r.framesChecked()).isZero();
        assertThat(r.droppedHidden()).isEmpty();
        assertThat(r.droppedInputs()).isEmpty();
        assertThat(r.head()).isNotSameAs(head);
        assertThat(r.head().w1()).isDeepEqualTo(head.w1());
        assertThat(r.head().b1()).isEqualTo(head.b1());
        assertThat(r.head().w2()).isDeepEqualTo(head.w2());
        assertThat(r.head().b2()).isEqualTo(head.b2());
    }

    @Test
    void inputNeuronDropZeroesItsW1Column() {
        // z0 = 2*x0 - x1 (pushes toward class 0), z1 = 3*x0 + 4*x1 (no class difference); bias favours class 1.
        // x = [1, 1], true 0: scores [1, 1.5]. Hidden contributions -1 and 0 -> no hidden drop.
        // d(s1 - s0)/dx = -1 * [2, -1] = [-2, 1] -> input 1 contributes +1 and is dropped.
        TwoLayerHead head = new TwoLayerHead(
                new float[][] {{2, -1}, {3, 4}}, new float[] {0, 0},
                new float[][] {{1, 0}, {0, 0}}, new float[] {0, 1.5f});
        List<float[]> frames = List.<float[]>of(new float[] {1, 1});
        NegativeBackDropout.Result r = new NegativeBackDropout().apply(head, frames, new int[] {0});
        assertThat(r.droppedHidden()).isEmpty();
        assertThat(r.droppedInputs()).containsExactly(1);
        assertThat(r.head().w1()).isDeepEqualTo(new float[][] {{2, 0}, {3, 0}});
        assertThat(r.head().w2()).isDeepEqualTo(head.w2());
        assertThat(r.head().scores(frames.get(0))).containsExactly(2f, 1.5f);
        assertThat(r.head().predict(frames.get(0))).isEqualTo(0);
    }

    @Test
    void laterFramesSeeEarlierDropsAndDropInOrder() {
        // H = 4 inputs all equal to the single input; class 1 weights [3, 2, -1, -5], bias favours class 0 by 2.
        // x = [1]: scores [-2, -1] -> wrong. Frame 1 drops hidden 0 (contribution 3); the same frame again
        // must pick hidden 1 (contribution 2) since hidden 0 is gone. Cap floor(0.5 * 4) = 2.
        TwoLayerHead head = new TwoLayerHead(
                new float[][] {{1}, {1}, {1}, {1}}, new float[4],
                new float[][] {{0, 0, 0, 0}, {3, 2, -1, -5}}, new float[] {-2, 0});
        List<float[]> frames = List.of(new float[] {1}, new float[] {1}, new float[] {1});
        NegativeBackDropout.Result r = new NegativeBackDropout(0.5).apply(head, frames, new int[] {0, 0, 0});
        assertThat(r.penaltyFrames()).isEqualTo(3);
        assertThat(r.droppedHidden()).containsExactly(0, 1);
        assertThat(r.droppedInputs()).isEmpty(); // input gradients -4 then -6: never positive
        assertThat(r.framesChecked()).isEqualTo(3); // input cap never reached, so every frame is checked
        assertThat(r.head().w2()).isDeepEqualTo(new float[][] {{0, 0, 0, 0}, {0, 0, -1, -5}});
    }

    @Test
    void capsAreRespectedAndTheLoopStopsOnceBothAreReached() {
        // D = H = 20, identity first layer; class 1 reads every hidden neuron with weight 1, class 0 has bias 0.5.
        // Frame k = e_k (true class 0) scores [0.5, 1]: hidden k drives the mistake. Caps: floor(0.1 * 20) = 2.
        int n = 20;
        float[][] w1 = new float[n][n];
        for (int j = 0; j < n; j++) {
            w1[j][j] = 1f;
        }
        float[][] w2 = new float[2][n];
        java.util.Arrays.fill(w2[1], 1f);
        TwoLayerHead head = new TwoLayerHead(w1, new float[n], w2, new float[] {0.5f, 0});
        List<float[]> frames = new ArrayList<>();
        int[] labels = new int[10];
        for (int k = 0; k < 10; k++) {
            float[] x = new float[n];
            x[k] = 1f;
            frames.add(x);
        }
        NegativeBackDropout.Result r = new NegativeBackDropout(NegativeBackDropout.DEFAULT_RATIO)
                .apply(head, frames, labels);
        assertThat(r.penaltyFrames()).isEqualTo(10);
        // frames 0, 1 drop hidden 0, 1 (their input gradient then vanishes: the only active neuron is dropped);
        // hidden is capped, so frames 2, 3 drop inputs 2, 3; both caps reached -> frames 4..9 are not checked.
        assertThat(r.droppedHidden()).containsExactly(0, 1);
        assertThat(r.droppedInputs()).containsExactly(2, 3);
        assertThat(r.framesChecked()).isEqualTo(4);
        for (int j = 0; j < n; j++) {
            float expectedW2 = (j == 0 || j == 1) ? 0f : 1f;
            assertThat(r.head().w2()[1][j]).as("w2[1][%d]", j).isEqualTo(expectedW2);
            float expectedW1 = (j == 2 || j == 3) ? 0f : 1f;
            assertThat(r.head().w1()[j][j]).as("w1[%d][%d]", j, j).isEqualTo(expectedW1);
        }
    }

    @Test
    void inputHeadIsNotModified() {
        TwoLayerHead head = oneWrongNeuronHead();
        TwoLayerHead before = head.copy();
        NegativeBackDropout.Result r = new NegativeBackDropout(1.0)
                .apply(head, List.<float[]>of(new float[] {1, 1}), new int[] {0});
        assertThat(r.droppedHidden()).containsExactly(1);
        assertThat(head.w1()).isDeepEqualTo(before.w1());
        assertThat(head.b1()).isEqualTo(before.b1());
        assertThat(head.w2()).isDeepEqualTo(before.w2());
        assertThat(head.b2()).isEqualTo(before.b2());
        assertThat(r.head().w2()).isNotSameAs(head.w2());
    }

    @Test
    void capIsFloorOfRatioTimesSizeAtLeastOne() {
        assertThat(new NegativeBackDropout(0.1).cap(3)).isEqualTo(1);
        assertThat(new NegativeBackDropout(0.1).cap(4096)).isEqualTo(409);
        assertThat(new NegativeBackDropout(0.2).cap(20)).isEqualTo(4);
        assertThat(new NegativeBackDropout(1.0).cap(7)).isEqualTo(7);
        assertThat(new NegativeBackDropout().ratio()).isEqualTo(0.10);
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> new NegativeBackDropout(0.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ratio must be in (0, 1]");
        assertThatThrownBy(() -> new NegativeBackDropout(1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NegativeBackDropout(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        NegativeBackDropout nb = new NegativeBackDropout();
        TwoLayerHead head = oneWrongNeuronHead();
        List<float[]> one = List.<float[]>of(new float[] {1, 1});
        assertThatThrownBy(() -> nb.apply(head, one, new int[] {0, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 frames but 2 labels");
        assertThatThrownBy(() -> nb.apply(head, one, new int[] {2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("label 2 of frame 0");
        assertThatThrownBy(() -> nb.apply(head, one, new int[] {-1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside [0, 2)");
        assertThatThrownBy(() -> nb.apply(head, List.<float[]>of(new float[3]), new int[] {0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("frame 0 has 3 values");
        assertThatThrownBy(() -> NegativeBackDropout.frameAccuracy(head, one, new int[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> nb.apply(null, one, new int[] {0})).isInstanceOf(NullPointerException.class);
    }
}
