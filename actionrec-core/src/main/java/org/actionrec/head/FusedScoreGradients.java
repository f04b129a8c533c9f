package org.actionrec.head;

import java.util.List;
import java.util.Map;
import org.actionrec.features.ClipFeatures;

/**
 * Gradients of a fused clip score (per-stream heads on keyframe descriptors, scores z-normalised and weighted, as
 * {@link ScoreFusion} fuses them) with respect to each keyframe descriptor. For linear SVM heads the score is
 * linear in the descriptors, and the constant part is returned too.
 */
public final class FusedScoreGradients {
    private FusedScoreGradients() {
    }

    /**
     * Fills {@code out} with the gradient of class {@code cls}'s fused score with respect to each stream's keyframe
     * descriptors; streams of the fusion from {@code firstStream} on are these heads'. Returns the constant part of
     * the score these streams contribute where every head is linear, else NaN.
     */
    public static double of(List<String> streams, List<ClipClassifier> heads, ScoreFusion fusion, int firstStream,
                            ClipFeatures clip, int cls, Map<String, float[][]> out) {
        double bias = 0;
        boolean linear = true;
        for (int s = 0; s < streams.size(); s++) {
            StreamNormaliser norm = fusion.normalisers().get(firstStream + s);
            double scale = fusion.weights().get(firstStream + s) / norm.std();
            float[][] keyframes = clip.stream(streams.get(s));
            float[][] g = new float[keyframes.length][];
            ClipClassifier head = heads.get(s);
            for (int k = 0; k < keyframes.length; k++) {
                g[k] = keyframeGradient(head, keyframes[k], cls, scale / keyframes.length);
            }
            out.put(streams.get(s), g);
            if (head instanceof LinearSvmHead svm) {
                bias += scale * (svm.biases()[cls] - norm.mean());
            } else {
                linear = false;
            }
        }
        return linear ? bias : Double.NaN;
    }

    /** {@code factor} × ∂(head's keyframe score of cls)/∂descriptor. */
    private static float[] keyframeGradient(ClipClassifier head, float[] x, int cls, double factor) {
        int d = x.length;
        float[] g = new float[d];
        if (head instanceof LinearSvmHead svm) {
            double[] w = svm.weights()[cls];
            for (int j = 0; j < d; j++) g[j] = (float) (factor * w[j]);
            return g;
        }
        if (head instanceof SoftmaxHead soft) {
            // p = softmax(W (x - mean) / std + b): ∂p_c/∂x_j = p_c Σ_k (δ_ck - p_k) W_kj / std_j
            float[] p = soft.scoreKeyframe(x);
            double[][] w = soft.weights();
            double[] std = soft.std();
            for (int j = 0; j < d; j++) {
                double s = 0;
                for (int k = 0; k < w.length; k++) s += ((k == cls ? 1 : 0) - p[k]) * w[k][j];
                g[j] = (float) (factor * p[cls] * s / std[j]);
            }
            return g;
        }
        throw new UnsupportedOperationException("no gradient for a " + head.getClass().getSimpleName());
    }
}
