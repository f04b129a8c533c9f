package org.actionrec.explain;

/**
 * Class activation maps on a conv map A of C channels × S×S positions whose spatial mean is the descriptor
 * x = (1/P) Σ_p A[:, p] (P = S²). Given g = ∂score/∂x, position p's contribution is g · A[:, p] / P, so the
 * positions' contributions sum to g · x.
 * <ul>
 *   <li>For a head that is linear in x (the frozen pool's SVMs, fused by a weighted average) g is the head's
 *       weight, and contributions plus the bias are the score exactly: the CAM of Zhou et al., no
 *       approximation.</li>
 *   <li>For a trained head (late fusion, lrcn) g is the gradient at this input, and Grad-CAM's channel weights
 *       (the gradient averaged over positions, ∂score/∂A[:, p] = g / P) give the same map: Grad-CAM on the last
 *       convolution, before its ReLU.</li>
 * </ul>
 * Maps are kept signed; what is drawn and counted as evidence is their positive part.
 */
public final class ClassActivationMap {
    private ClassActivationMap() {
    }

    /**
     * Each position's contribution, [S*S] row-major.
     *
     * @param gradient ∂score/∂x, length C
     * @param convMap  A, [C][S][S] flattened
     */
    public static float[] contributions(float[] gradient, float[] convMap, int channels) {
        int positions = convMap.length / channels;
        if (gradient.length != channels || positions * channels != convMap.length) {
            throw new IllegalArgumentException("a gradient of " + gradient.length + " channels does not fit a map of "
                    + convMap.length + " floats and " + channels + " channels");
        }
        double[] acc = new double[positions];
        for (int c = 0; c < channels; c++) {
            double g = gradient[c];
            if (g == 0) continue;
            int base = c * positions;
            for (int p = 0; p < positions; p++) acc[p] += g * convMap[base + p];
        }
        float[] out = new float[positions];
        for (int p = 0; p < positions; p++) out[p] = (float) (acc[p] / positions);
        return out;
    }

    /** The descriptor a conv map gives: its mean over positions, per channel. */
    public static float[] spatialMean(float[] convMap, int channels) {
        int positions = convMap.length / channels;
        float[] out = new float[channels];
        for (int c = 0; c < channels; c++) {
            double sum = 0;
            int base = c * positions;
            for (int p = 0; p < positions; p++) sum += convMap[base + p];
            out[c] = (float) (sum / positions);
        }
        return out;
    }

    /** The mean over channels at each position: the mean activation map of that layer (class-independent). */
    public static float[] meanActivation(float[] convMap, int channels) {
        int positions = convMap.length / channels;
        double[] acc = new double[positions];
        for (int c = 0; c < channels; c++) {
            int base = c * positions;
            for (int p = 0; p < positions; p++) acc[p] += convMap[base + p];
        }
        float[] out = new float[positions];
        for (int p = 0; p < positions; p++) out[p] = (float) (acc[p] / channels);
        return out;
    }

    /** Σ of the positive entries: a map's evidence for the class. */
    public static double positiveMass(float[] map) {
        double sum = 0;
        for (float v : map) {
            if (v > 0) sum += v;
        }
        return sum;
    }

    /** The index of the largest entry (first on ties). */
    public static int peak(float[] map) {
        int best = 0;
        for (int i = 1; i < map.length; i++) {
            if (map[i] > map[best]) best = i;
        }
        return best;
    }
}
