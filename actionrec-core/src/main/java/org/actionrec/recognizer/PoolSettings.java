package org.actionrec.recognizer;

import java.util.List;

/**
 * How the pool of per-stream heads is trained.
 *
 * @param cValues the regularisation values tried on the validation split (one C for all streams)
 * @param weightStep grid step of the fusion weights searched on the validation split
 * @param validationFraction share of the training side carved out, whole groups at a time, for choosing C and
 *     the weights; the final heads are then retrained on the whole training side
 * @param threads threads for training the one-vs-rest problems
 */
public record PoolSettings(HeadKind head, List<Double> cValues, double weightStep, double validationFraction,
                           long seed, int threads) {
    public static final PoolSettings DEFAULTS =
            new PoolSettings(HeadKind.SVM, List.of(0.001, 0.01, 0.1, 1.0), 0.1, 0.2, 42, 2);

    public PoolSettings {
        cValues = List.copyOf(cValues);
        if (cValues.isEmpty()) {
            throw new IllegalArgumentException("at least one C value is needed");
        }
    }

    public PoolSettings withHead(HeadKind h) {
        return new PoolSettings(h, cValues, weightStep, validationFraction, seed, threads);
    }

    public PoolSettings withCValues(List<Double> c) {
        return new PoolSettings(head, c, weightStep, validationFraction, seed, threads);
    }
}
