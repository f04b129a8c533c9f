package org.actionrec.head;

import org.actionrec.head.optim.Lbfgs;

/**
 * Settings of {@link SoftmaxHead}.
 *
 * @param l2                weight decay λ on the mean cross-entropy: loss = mean CE + λ/2 ||W||² (bias not decayed)
 * @param maxIterations     L-BFGS iteration cap
 * @param gradientTolerance L-BFGS stops when ||∇|| &lt;= this (relative to max(1, ||θ||))
 * @param memory            L-BFGS curvature pairs kept
 */
public record SoftmaxConfig(double l2, int maxIterations, double gradientTolerance, int memory) {
    public SoftmaxConfig {
        if (l2 < 0 || maxIterations < 1 || gradientTolerance < 0 || memory < 1) {
            throw new IllegalArgumentException("invalid softmax settings: l2=" + l2 + ", maxIterations="
                    + maxIterations + ", gradientTolerance=" + gradientTolerance + ", memory=" + memory);
        }
    }

    public static SoftmaxConfig defaults() {
        return new SoftmaxConfig(1e-3, 300, 1e-5, 10);
    }

    Lbfgs.Settings lbfgsSettings() {
        return new Lbfgs.Settings(memory, maxIterations, gradientTolerance, 1e-12);
    }
}
