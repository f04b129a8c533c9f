package org.actionrec.head.optim;

/** A smooth function of a real vector, for {@link Lbfgs}. */
@FunctionalInterface
public interface DifferentiableFunction {
    /** Returns f(x) and writes the gradient at x into {@code gradient} (same length as x). */
    double valueAndGradient(double[] x, double[] gradient);
}
