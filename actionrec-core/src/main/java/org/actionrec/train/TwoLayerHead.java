package org.actionrec.train;

import java.util.Objects;

/**
 * The two fully connected layers at the top of a fine-tuned network, in plain arrays:
 * {@code hidden = relu(w1 · x + b1)}, {@code scores = w2 · hidden + b2}.
 *
 * <p>The arrays are held as given (no defensive copy), so a caller that keeps them can still change them;
 * use {@link #copy()} for an independent head.
 *
 * @param w1 first layer weights, {@code [H][D]} (row j: weights of hidden neuron j over the D inputs)
 * @param b1 first layer biases, {@code [H]}
 * @param w2 second layer weights, {@code [C][H]} (row c: weights of class c over the H hidden neurons)
 * @param b2 second layer biases, {@code [C]}
 */
public record TwoLayerHead(float[][] w1, float[] b1, float[][] w2, float[] b2) {

    public TwoLayerHead {
        Objects.requireNonNull(w1, "w1");
        Objects.requireNonNull(b1, "b1");
        Objects.requireNonNull(w2, "w2");
        Objects.requireNonNull(b2, "b2");
        int d = rectangularColumns("w1", w1);
        if (d == 0) {
            throw new IllegalArgumentException("w1 must have at least one input column");
        }
        if (b1.length != w1.length) {
            throw new IllegalArgumentException(
                    "b1 has " + b1.length + " entries but w1 has " + w1.length + " hidden rows");
        }
        int h = rectangularColumns("w2", w2);
        if (h != w1.length) {
            throw new IllegalArgumentException(
                    "w2 rows have " + h + " columns but w1 has " + w1.length + " hidden rows");
        }
        if (b2.length != w2.length) {
            throw new IllegalArgumentException(
                    "b2 has " + b2.length + " entries but w2 has " + w2.length + " class rows");
        }
    }

    /** Column count of a non-empty rectangular matrix; rejects empty, null or ragged rows. */
    private static int rectangularColumns(String name, float[][] m) {
        if (m.length == 0) {
            throw new IllegalArgumentException(name + " must have at least one row");
        }
        for (int r = 0; r < m.length; r++) {
            if (m[r] == null) {
                throw new IllegalArgumentException(name + " row " + r + " is null");
            }
            if (m[r].length != m[0].length) {
                throw new IllegalArgumentException(name + " is ragged: row 0 has " + m[0].length
                        + " columns, row " + r + " has " + m[r].length);
            }
        }
        return m[0].length;
    }

    /** D, the descriptor length the head takes. */
    public int inputSize() {
        return w1[0].length;
    }

    /** H, the hidden layer width. */
    public int hiddenSize() {
        return w1.length;
    }

    /** C, the number of classes. */
    public int classCount() {
        return w2.length;
    }

    /** Pre-activations {@code w1 · x + b1} of the hidden layer. */
    float[] preActivations(float[] x) {
        Objects.requireNonNull(x, "x");
        if (x.length != inputSize()) {
            throw new IllegalArgumentException(
                    "input has " + x.length + " values but the head takes " + inputSize());
        }
        float[] z = new float[w1.length];
        for (int j = 0; j < w1.length; j++) {
            double s = b1[j];
            for (int i = 0; i < x.length; i++) {
                s += (double) w1[j][i] * x[i];
            }
            z[j] = (float) s;
        }
        return z;
    }

    /** Hidden activations {@code relu(w1 · x + b1)}. */
    public float[] hidden(float[] x) {
        float[] z = preActivations(x);
        for (int j = 0; j < z.length; j++) {
            z[j] = Math.max(0f, z[j]);
        }
        return z;
    }

    /** Class scores (logits) for one descriptor. */
    public float[] scores(float[] x) {
        return scoresFromHidden(hidden(x));
    }

    float[] scoresFromHidden(float[] h) {
        float[] s = new float[w2.length];
        for (int c = 0; c < w2.length; c++) {
            double v = b2[c];
            for (int j = 0; j < h.length; j++) {
                v += (double) w2[c][j] * h[j];
            }
            s[c] = (float) v;
        }
        return s;
    }

    /** ∂(score of {@code cls})/∂x at x: W1ᵀ (W2[cls] where the hidden neuron is active, else 0). */
    public float[] gradient(float[] x, int cls) {
        float[] z = preActivations(x);
        double[] g = new double[x.length];
        for (int j = 0; j < z.length; j++) {
            double back = z[j] > 0 ? w2[cls][j] : 0;
            if (back == 0) continue;
            for (int i = 0; i < g.length; i++) g[i] += back * w1[j][i];
        }
        float[] out = new float[g.length];
        for (int i = 0; i < out.length; i++) out[i] = (float) g[i];
        return out;
    }

    /** The top-scoring class; ties go to the lowest index. */
    public int predict(float[] x) {
        float[] s = scores(x);
        int best = 0;
        for (int c = 1; c < s.length; c++) {
            if (s[c] > s[best]) {
                best = c;
            }
        }
        return best;
    }

    /** A deep copy: changing its arrays leaves this head alone. */
    public TwoLayerHead copy() {
        return new TwoLayerHead(deepCopy(w1), b1.clone(), deepCopy(w2), b2.clone());
    }

    private static float[][] deepCopy(float[][] m) {
        float[][] out = new float[m.length][];
        for (int r = 0; r < m.length; r++) {
            out[r] = m[r].clone();
        }
        return out;
    }
}
