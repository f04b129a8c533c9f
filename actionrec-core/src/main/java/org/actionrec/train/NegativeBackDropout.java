package org.actionrec.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Negative back-dropout transfer learning (NB-TL, paper 002, sections 3.3 and 4.3-4.4), applied after
 * fine-tuning to the last two fully connected layers of a {@link TwoLayerHead}.
 *
 * <p>The penalty set is the validation frames the fine-tuned head misclassifies. Each penalty frame, in the
 * given order, names at most one neuron to punish per layer (the paper: "one penalty image can only determine
 * one neuron to punish"), working back from the output:
 * <ol>
 *   <li>last layer: the live hidden neuron j with the largest contribution {@code hidden_j * (W2[p][j] - W2[y][j])}
 *       to the margin of the wrong class p over the true class y;</li>
 *   <li>second-to-last layer: the live input i with the largest contribution {@code x_i * g_i}, where
 *       {@code g_i = d(s_p - s_y)/dx_i} through the live, active hidden neurons.</li>
 * </ol>
 * A neuron is dropped only if its contribution is positive and its layer is under its cap of
 * {@code floor(ratio * size)} (at least 1). Dropping zeroes the neuron's outgoing weights (its column of W2 or W1),
 * which is the paper's "setting the weights of the neurons to zero". p is the class the unchanged head
 * predicted (the mistake that put the frame in the penalty set); the contributions use the head as modified so
 * far, so a later frame never re-picks a dropped neuron and sees the effect of earlier drops.
 *
 * @param ratio fraction of each layer's neurons that may be dropped, in (0, 1]
 */
public record NegativeBackDropout(double ratio) {

    /** The paper's setting: the first 10% of neurons in the last two fully connected layers (section 4.4). */
    public static final double DEFAULT_RATIO = 0.10;

    public NegativeBackDropout {
        if (!(ratio > 0.0 && ratio <= 1.0)) {
            throw new IllegalArgumentException("ratio must be in (0, 1], got " + ratio);
        }
    }

    public NegativeBackDropout() {
        this(DEFAULT_RATIO);
    }

    /**
     * The outcome of one pass.
     *
     * @param head the modified copy of the head
     * @param droppedInputs inputs (W1 columns) zeroed, in drop order
     * @param droppedHidden hidden neurons (W2 columns) zeroed, in drop order
     * @param penaltyFrames frames the unchanged head misclassified
     * @param framesChecked penalty frames examined before both caps were reached (or all of them)
     */
    public record Result(TwoLayerHead head, int[] droppedInputs, int[] droppedHidden, int penaltyFrames,
                         int framesChecked) {
    }

    /** Drops at most this many neurons from a layer of {@code size}: floor(ratio * size), at least 1. */
    int cap(int size) {
        return Math.max(1, (int) Math.floor(ratio * size));
    }

    /**
     * Runs negative back-dropout on a copy of {@code head}; {@code head} itself is left unchanged.
     *
     * @param frames validation-frame descriptors (length {@code head.inputSize()} each)
     * @param labels their true classes, one per frame
     */
    public Result apply(TwoLayerHead head, List<float[]> frames, int[] labels) {
        validate(head, frames, labels);
        // The penalty set and each frame's wrong class come from the head as fine-tuned, before any drop.
        List<Integer> penalty = new ArrayList<>();
        List<Integer> wrongClass = new ArrayList<>();
        for (int n = 0; n < frames.size(); n++) {
            int p = head.predict(frames.get(n));
            if (p != labels[n]) {
                penalty.add(n);
                wrongClass.add(p);
            }
        }

        TwoLayerHead out = head.copy();
        int d = out.inputSize();
        int h = out.hiddenSize();
        int inputCap = cap(d);
        int hiddenCap = cap(h);
        boolean[] inputDropped = new boolean[d];
        boolean[] hiddenDropped = new boolean[h];
        List<Integer> droppedInputs = new ArrayList<>();
        List<Integer> droppedHidden = new ArrayList<>();
        int checked = 0;
        for (int k = 0; k < penalty.size(); k++) {
            if (droppedInputs.size() >= inputCap && droppedHidden.size() >= hiddenCap) {
                break; // nothing left to drop; the remaining frames cannot change the head
            }
            checked++;
            float[] x = frames.get(penalty.get(k));
            int p = wrongClass.get(k);
            int y = labels[penalty.get(k)];

            // Last layer first ("back"-dropout), so the input step below sees this frame's hidden drop.
            if (droppedHidden.size() < hiddenCap) {
                float[] hid = out.hidden(x);
                int best = -1;
                double bestValue = 0.0; // only a positive push toward the wrong class is punished
                for (int j = 0; j < h; j++) {
                    if (hiddenDropped[j]) {
                        continue;
                    }
                    double c = (double) hid[j] * ((double) out.w2()[p][j] - out.w2()[y][j]);
                    if (c > bestValue) {
                        bestValue = c;
                        best = j;
                    }
                }
                if (best >= 0) {
                    for (float[] row : out.w2()) {
                        row[best] = 0f;
                    }
                    hiddenDropped[best] = true;
                    droppedHidden.add(best);
                }
            }

            if (droppedInputs.size() < inputCap) {
                float[] z = out.preActivations(x);
                // Per-hidden factor of d(s_p - s_y)/dx: relu gate times the class-weight difference.
                double[] back = new double[h];
                for (int j = 0; j < h; j++) {
                    if (!hiddenDropped[j] && z[j] > 0f) {
                        back[j] = (double) out.w2()[p][j] - out.w2()[y][j];
                    }
                }
                int best = -1;
                double bestValue = 0.0;
                for (int i = 0; i < d; i++) {
                    if (inputDropped[i]) {
                        continue;
                    }
                    double g = 0.0;
                    for (int j = 0; j < h; j++) {
                        if (back[j] != 0.0) {
                            g += out.w1()[j][i] * back[j];
                        }
                    }
                    double c = x[i] * g;
                    if (c > bestValue) {
                        bestValue = c;
                        best = i;
                    }
                }
                if (best >= 0) {
                    for (float[] row : out.w1()) {
                        row[best] = 0f;
                    }
                    inputDropped[best] = true;
                    droppedInputs.add(best);
                }
            }
        }
        return new Result(out, toArray(droppedInputs), toArray(droppedHidden), penalty.size(), checked);
    }

    /** Fraction of frames the head classifies correctly; 0 for no frames. */
    public static double frameAccuracy(TwoLayerHead head, List<float[]> frames, int[] labels) {
        validate(head, frames, labels);
        if (frames.isEmpty()) {
            return 0.0;
        }
        int correct = 0;
        for (int n = 0; n < frames.size(); n++) {
            if (head.predict(frames.get(n)) == labels[n]) {
                correct++;
            }
        }
        return (double) correct / frames.size();
    }

    private static void validate(TwoLayerHead head, List<float[]> frames, int[] labels) {
        Objects.requireNonNull(head, "head");
        Objects.requireNonNull(frames, "frames");
        Objects.requireNonNull(labels, "labels");
        if (frames.size() != labels.length) {
            throw new IllegalArgumentException(
                    frames.size() + " frames but " + labels.length + " labels; need one label per frame");
        }
        for (int n = 0; n < frames.size(); n++) {
            float[] x = frames.get(n);
            if (x == null) {
                throw new IllegalArgumentException("frame " + n + " is null");
            }
            if (x.length != head.inputSize()) {
                throw new IllegalArgumentException("frame " + n + " has " + x.length
                        + " values but the head takes " + head.inputSize());
            }
            if (labels[n] < 0 || labels[n] >= head.classCount()) {
                throw new IllegalArgumentException("label " + labels[n] + " of frame " + n
                        + " is outside [0, " + head.classCount() + ")");
            }
        }
    }

    private static int[] toArray(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }
}
