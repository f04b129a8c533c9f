package org.actionrec.head;

import java.util.Random;

/** Synthetic scored clips whose true classes are drawn from {@code softmax(scores / T0)}: calibrated at T0 by construction. */
public record SoftmaxSamples(float[][] scores, int[] truth) {
    /**
     * @param spread standard deviation of each Gaussian score; larger spreads give more confident clips
     */
    public static SoftmaxSamples draw(int clips, int classes, double spread, double trueTemperature, long seed) {
        Random random = new Random(seed);
        float[][] scores = new float[clips][classes];
        int[] truth = new int[clips];
        for (int i = 0; i < clips; i++) {
            double[] p = new double[classes];
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                scores[i][c] = (float) (spread * random.nextGaussian());
                max = Math.max(max, scores[i][c] / trueTemperature);
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                p[c] = Math.exp(scores[i][c] / trueTemperature - max);
                sum += p[c];
            }
            double u = random.nextDouble() * sum;
            int label = classes - 1;
            for (int c = 0; c < classes; c++) {
                u -= p[c];
                if (u < 0) {
                    label = c;
                    break;
                }
            }
            truth[i] = label;
        }
        return new SoftmaxSamples(scores, truth);
    }

    /** The first {@code n} clips. */
    public SoftmaxSamples head(int n) {
        return new SoftmaxSamples(java.util.Arrays.copyOfRange(scores, 0, n), java.util.Arrays.copyOfRange(truth, 0, n));
    }

    /** The clips from {@code from} on. */
    public SoftmaxSamples tail(int from) {
        return new SoftmaxSamples(java.util.Arrays.copyOfRange(scores, from, scores.length),
                java.util.Arrays.copyOfRange(truth, from, truth.length));
    }
}
