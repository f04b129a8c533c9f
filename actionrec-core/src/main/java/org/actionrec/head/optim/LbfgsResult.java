package org.actionrec.head.optim;

/** Where {@link Lbfgs} stopped: the point, its value and gradient norm, iterations used and why it stopped. */
public record LbfgsResult(double[] solution, double value, double gradientNorm, int iterations, boolean converged) {
}
