package org.actionrec.head.optim;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Limited-memory BFGS (Nocedal and Wright, algorithm 7.4 and 7.5) for smooth unconstrained minimisation:
 * the two-loop recursion gives the search direction, a bisection line search enforces the weak Wolfe
 * conditions, and curvature pairs with s'y &lt;= 0 are skipped so the inverse-Hessian estimate stays positive.
 */
public final class Lbfgs {
    private static final Logger LOG = LoggerFactory.getLogger(Lbfgs.class);
    private static final double ARMIJO_C1 = 1e-4;
    private static final double WOLFE_C2 = 0.9;
    private static final int MAX_LINE_SEARCH_STEPS = 60;

    /**
     * @param memory               number of curvature pairs kept (5–20 is usual)
     * @param maxIterations        iteration cap
     * @param gradientTolerance    stop when ||g||_2 &lt;= gradientTolerance * max(1, ||x||_2)
     * @param relativeValueTolerance stop when the value's relative decrease over one iteration is below this
     */
    public record Settings(int memory, int maxIterations, double gradientTolerance, double relativeValueTolerance) {
        public Settings {
            if (memory < 1 || maxIterations < 1 || gradientTolerance < 0 || relativeValueTolerance < 0) {
                throw new IllegalArgumentException("invalid L-BFGS settings: " + memory + ", " + maxIterations
                        + ", " + gradientTolerance + ", " + relativeValueTolerance);
            }
        }

        public static Settings defaults() {
            return new Settings(10, 500, 1e-6, 1e-10);
        }
    }

    private final Settings settings;

    public Lbfgs(Settings settings) {
        this.settings = settings;
    }

    public LbfgsResult minimize(DifferentiableFunction f, double[] start) {
        int n = start.length;
        int m = settings.memory();
        double[] x = start.clone();
        double[] g = new double[n];
        double fx = f.valueAndGradient(x, g);
        double[][] s = new double[m][];
        double[][] y = new double[m][];
        double[] rho = new double[m];
        double[] alpha = new double[m];
        int stored = 0;
        int newest = -1;
        double[] d = new double[n];
        double[] xNew = new double[n];
        double[] gNew = new double[n];
        int iter = 0;
        while (true) {
            double gNorm = norm(g);
            if (gNorm <= settings.gradientTolerance() * Math.max(1.0, norm(x))) {
                return new LbfgsResult(x, fx, gNorm, iter, true);
            }
            if (iter >= settings.maxIterations()) {
                LOG.debug("L-BFGS stopped at the iteration cap {} with |g| = {}", iter, gNorm);
                return new LbfgsResult(x, fx, gNorm, iter, false);
            }
            // Two-loop recursion: d = -H g.
            for (int i = 0; i < n; i++) {
                d[i] = -g[i];
            }
            for (int k = 0; k < stored; k++) {
                int j = Math.floorMod(newest - k, m);
                alpha[j] = rho[j] * dot(s[j], d);
                axpy(-alpha[j], y[j], d);
            }
            double gamma = stored > 0 ? dot(s[newest], y[newest]) / dot(y[newest], y[newest]) : 1.0 / Math.max(gNorm, 1e-12);
            for (int i = 0; i < n; i++) {
                d[i] *= gamma;
            }
            for (int k = stored - 1; k >= 0; k--) {
                int j = Math.floorMod(newest - k, m);
                double beta = rho[j] * dot(y[j], d);
                axpy(alpha[j] - beta, s[j], d);
            }
            double slope = dot(g, d);
            if (slope >= 0) { // not a descent direction (numerical trouble): restart from steepest descent
                stored = 0;
                for (int i = 0; i < n; i++) {
                    d[i] = -g[i] / Math.max(gNorm, 1e-12);
                }
                slope = dot(g, d);
            }
            // Bisection line search for the weak Wolfe conditions (Lewis and Overton).
            double lo = 0;
            double hi = Double.POSITIVE_INFINITY;
            double t = 1.0;
            double fNew = Double.NaN;
            boolean accepted = false;
            for (int ls = 0; ls < MAX_LINE_SEARCH_STEPS; ls++) {
                for (int i = 0; i < n; i++) {
                    xNew[i] = x[i] + t * d[i];
                }
                fNew = f.valueAndGradient(xNew, gNew);
                if (!(fNew <= fx + ARMIJO_C1 * t * slope)) { // also rejects NaN
                    hi = t;
                } else if (dot(gNew, d) < WOLFE_C2 * slope) {
                    lo = t;
                } else {
                    accepted = true;
                    break;
                }
                t = Double.isInfinite(hi) ? 2 * lo : 0.5 * (lo + hi);
            }
            if (!accepted && !(fNew < fx)) {
                LOG.debug("L-BFGS line search failed at iteration {}; stopping with |g| = {}", iter, gNorm);
                return new LbfgsResult(x, fx, gNorm, iter, false);
            }
            int slot = (newest + 1) % m;
            double[] sk = new double[n]; // fresh arrays: a rejected pair must not overwrite a stored one
            double[] yk = new double[n];
            for (int i = 0; i < n; i++) {
                sk[i] = xNew[i] - x[i];
                yk[i] = gNew[i] - g[i];
            }
            double sy = dot(sk, yk);
            if (sy > 1e-12 * norm(sk) * norm(yk)) {
                s[slot] = sk;
                y[slot] = yk;
                rho[slot] = 1.0 / sy;
                newest = slot;
                stored = Math.min(stored + 1, m);
            }
            double previous = fx;
            System.arraycopy(xNew, 0, x, 0, n);
            System.arraycopy(gNew, 0, g, 0, n);
            fx = fNew;
            iter++;
            if (previous - fx <= settings.relativeValueTolerance() * Math.max(1.0, Math.abs(previous))) {
                // no (relative) progress: converged if a tolerance was set, else stalled at rounding level
                boolean converged = settings.relativeValueTolerance() > 0;
                LOG.debug("L-BFGS stopped at iteration {}: value change {} (|g| = {})", iter, previous - fx, norm(g));
                return new LbfgsResult(x, fx, norm(g), iter, converged);
            }
        }
    }

    static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    private static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }
}
