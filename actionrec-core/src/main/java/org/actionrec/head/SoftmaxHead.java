package org.actionrec.head;

import org.actionrec.head.optim.DifferentiableFunction;
import org.actionrec.head.optim.Lbfgs;
import org.actionrec.head.optim.LbfgsResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Multinomial logistic regression on standardised keyframe descriptors, trained with L-BFGS (paper 003's
 * softmax head on frozen features). A keyframe's scores are class probabilities; a clip's the mean of them.
 *
 * @param mean    [D] per-feature mean of the training descriptors
 * @param std     [D] per-feature standard deviation (1 where a feature is constant)
 * @param weights [C][D] weights on the standardised features
 * @param biases  [C] intercepts
 */
public record SoftmaxHead(SoftmaxConfig config, double[] mean, double[] std, double[][] weights, double[] biases)
        implements ClipClassifier {
    private static final Logger LOG = LoggerFactory.getLogger(SoftmaxHead.class);

    public SoftmaxHead {
        if (weights.length == 0 || weights.length != biases.length || mean.length != std.length
                || weights[0].length != mean.length) {
            throw new IllegalArgumentException("inconsistent softmax head shapes");
        }
    }

    public static HeadTrainer trainer(SoftmaxConfig config) {
        return (clips, classCount) -> train(clips, classCount, config);
    }

    public static SoftmaxHead train(List<LabelledClip> clips, int classCount, SoftmaxConfig config) {
        if (clips.isEmpty()) {
            throw new IllegalArgumentException("no training clips");
        }
        int d = clips.get(0).descriptorSize();
        int n = 0;
        for (LabelledClip clip : clips) {
            if (clip.descriptorSize() != d || clip.label() >= classCount) {
                throw new IllegalArgumentException("clip with " + clip.descriptorSize() + " features, label "
                        + clip.label() + " does not fit " + d + " features, " + classCount + " classes");
            }
            n += clip.keyframes().length;
        }
        double[] x = new double[n * d];
        int[] y = new int[n];
        int row = 0;
        for (LabelledClip clip : clips) {
            for (float[] keyframe : clip.keyframes()) {
                for (int j = 0; j < d; j++) {
                    x[row * d + j] = keyframe[j];
                }
                y[row++] = clip.label();
            }
        }
        double[] mean = new double[d];
        double[] std = new double[d];
        standardise(x, n, d, mean, std);
        CrossEntropy objective = new CrossEntropy(x, y, n, d, classCount, config.l2());
        long start = System.nanoTime();
        LbfgsResult result = new Lbfgs(config.lbfgsSettings()).minimize(objective, new double[classCount * (d + 1)]);
        LOG.debug("softmax head: {} samples x {} features, {} classes, loss {} after {} L-BFGS iterations "
                        + "(converged: {}, |g| = {}) in {} ms", n, d, classCount, result.value(), result.iterations(),
                result.converged(), result.gradientNorm(), (System.nanoTime() - start) / 1_000_000);
        double[][] w = new double[classCount][d];
        double[] b = new double[classCount];
        for (int c = 0; c < classCount; c++) {
            System.arraycopy(result.solution(), c * d, w[c], 0, d);
            b[c] = result.solution()[classCount * d + c];
        }
        return new SoftmaxHead(config, mean, std, w, b);
    }

    private static void standardise(double[] x, int n, int d, double[] mean, double[] std) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                mean[j] += x[i * d + j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double v = x[i * d + j] - mean[j];
                std[j] += v * v;
            }
        }
        for (int j = 0; j < d; j++) {
            std[j] = Math.sqrt(std[j] / n);
            if (!(std[j] > 1e-12)) {
                std[j] = 1; // a constant feature carries no information; leave it centred at 0
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i * d + j] = (x[i * d + j] - mean[j]) / std[j];
            }
        }
    }

    /**
     * Mean softmax cross-entropy plus λ/2 ||W||² over θ = [W row-major (C x D), b (C)]; public so tests can
     * check L-BFGS on it.
     */
    public static final class CrossEntropy implements DifferentiableFunction {
        private final double[] x;
        private final int[] y;
        private final int n;
        private final int d;
        private final int classes;
        private final double l2;

        /** @param x row-major [n][d] samples, y their classes in [0, classes) */
        public CrossEntropy(double[] x, int[] y, int n, int d, int classes, double l2) {
            this.x = x;
            this.y = y;
            this.n = n;
            this.d = d;
            this.classes = classes;
            this.l2 = l2;
        }

        @Override
        public double valueAndGradient(double[] theta, double[] gradient) {
            java.util.Arrays.fill(gradient, 0);
            double loss = 0;
            double[] z = new double[classes];
            int biasOffset = classes * d;
            for (int i = 0; i < n; i++) {
                int rowStart = i * d;
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < classes; c++) {
                    double s = theta[biasOffset + c];
                    int wStart = c * d;
                    for (int j = 0; j < d; j++) {
                        s += theta[wStart + j] * x[rowStart + j];
                    }
                    z[c] = s;
                    max = Math.max(max, s);
                }
                double sumExp = 0;
                for (int c = 0; c < classes; c++) {
                    z[c] = Math.exp(z[c] - max);
                    sumExp += z[c];
                }
                loss += Math.log(sumExp) + max - (Math.log(z[y[i]]) + max);
                for (int c = 0; c < classes; c++) {
                    double delta = (z[c] / sumExp - (c == y[i] ? 1 : 0)) / n;
                    if (delta == 0) {
                        continue;
                    }
                    int wStart = c * d;
                    for (int j = 0; j < d; j++) {
                        gradient[wStart + j] += delta * x[rowStart + j];
                    }
                    gradient[biasOffset + c] += delta;
                }
            }
            loss /= n;
            double reg = 0;
            for (int k = 0; k < biasOffset; k++) {
                reg += theta[k] * theta[k];
                gradient[k] += l2 * theta[k];
            }
            return loss + 0.5 * l2 * reg;
        }
    }

    @Override
    public int classCount() {
        return weights.length;
    }

    @Override
    public int descriptorSize() {
        return mean.length;
    }

    @Override
    public float[] scoreKeyframe(float[] descriptor) {
        ClipClassifier.checkDescriptor(descriptor, descriptorSize());
        int classes = weights.length;
        double[] z = new double[classes];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            double s = biases[c];
            double[] w = weights[c];
            for (int j = 0; j < w.length; j++) {
                s += w[j] * ((descriptor[j] - mean[j]) / std[j]);
            }
            z[c] = s;
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            z[c] = Math.exp(z[c] - max);
            sum += z[c];
        }
        float[] p = new float[classes];
        for (int c = 0; c < classes; c++) {
            p[c] = (float) (z[c] / sum);
        }
        return p;
    }
}
