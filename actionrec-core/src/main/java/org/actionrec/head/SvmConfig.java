package org.actionrec.head;

/**
 * Settings of {@link LinearSvmHead}. The defaults mirror scikit-learn {@code LinearSVC()} (1.2), which calls
 * LIBLINEAR with solver 1 (L2-regularised squared hinge, dual coordinate descent), eps = tol = 1e-4,
 * max_iter = 1000, bias = intercept_scaling = 1 (the bias weight is regularised, as in LIBLINEAR).
 *
 * @param c             regularisation constant C
 * @param eps           LIBLINEAR stopping tolerance
 * @param maxIterations LIBLINEAR iteration cap
 * @param bias          value of the constant feature appended to each sample (LIBLINEAR's -B); negative: none
 * @param threads       one-vs-rest problems trained in parallel; the model does not depend on it
 * @param seed          seed of LIBLINEAR's coordinate shuffling (each class's problem gets its own Random)
 */
public record SvmConfig(double c, double eps, int maxIterations, double bias, int threads, long seed) {
    public SvmConfig {
        if (!(c > 0) || !(eps > 0) || maxIterations < 1 || threads < 1) {
            throw new IllegalArgumentException("invalid SVM settings: C=" + c + ", eps=" + eps
                    + ", maxIterations=" + maxIterations + ", threads=" + threads);
        }
    }

    public static SvmConfig defaults() {
        return new SvmConfig(1.0, 1e-4, 1000, 1.0, 1, 0L);
    }

    public SvmConfig withC(double newC) {
        return new SvmConfig(newC, eps, maxIterations, bias, threads, seed);
    }

    public SvmConfig withThreads(int newThreads) {
        return new SvmConfig(c, eps, maxIterations, bias, newThreads, seed);
    }
}
