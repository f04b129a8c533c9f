package org.actionrec.model.pool;

import java.util.List;

/**
 * How the pool of per-stream heads is trained.
 *
 * @param cValues the regularisation values tried on the validation split (one C for all streams)
 * @param weightStep grid step of the fusion weights searched on the validation split
 * @param validationFraction share of the training side carved out, whole groups at a time, for choosing C and
 *     the weights; the final heads are then retrained on the whole training side
 * @param threads threads for training the one-vs-rest problems
 * @param svmTolerance LIBLINEAR's stopping tolerance; 0.01 gave the same JHMDB accuracy as scikit-learn's 1e-4
 *     in half the time (C = 1 on flow-x, split 1: 18 s instead of 40 s, 24.3% instead of 24.7% top-1; at
 *     C = 0.01 identical). The default C grid stops at 0.1: on JHMDB's 1280-d MobileNetV2 descriptors the
 *     validation split always chose C ≤ 0.01, and C = 1 costs ten times more on the motion streams.
 */
public record PoolSettings(HeadKind head, List<Double> cValues, double weightStep, double validationFraction,
                           long seed, int threads, double svmTolerance) {
    public static final PoolSettings DEFAULTS =
            new PoolSettings(HeadKind.SVM, List.of(0.001, 0.01, 0.1), 0.1, 0.2, 42, 2, 0.01);

    public PoolSettings {
        cValues = List.copyOf(cValues);
        if (cValues.isEmpty()) {
            throw new IllegalArgumentException("at least one C value is needed");
        }
    }

    public PoolSettings withHead(HeadKind h) {
        return new PoolSettings(h, cValues, weightStep, validationFraction, seed, threads, svmTolerance);
    }

    public PoolSettings withCValues(List<Double> c) {
        return new PoolSettings(head, c, weightStep, validationFraction, seed, threads, svmTolerance);
    }
}
