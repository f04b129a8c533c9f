package org.actionrec.head;

import java.util.function.DoubleUnaryOperator;

/**
 * Temperature scaling (Guo et al., 2017): probabilities are {@code softmax(scores / temperature)}. One parameter,
 * fitted on held-out clips, so the ranking of classes (and every accuracy figure) is unchanged; only how sure
 * the probabilities say they are moves. Stored as a record so it travels inside a model file's JSON.
 *
 * @param temperature T &gt; 0; 1 leaves the softmax of the scores as it is, above 1 softens, below 1 sharpens
 */
public record TemperatureScaling(double temperature) {
    /** The search range of T. */
    public static final double MIN_TEMPERATURE = 1e-3;
    public static final double MAX_TEMPERATURE = 1e3;

    /** Golden-section stops when the bracket in log T is this narrow, i.e. T is known to about 1e-9 relative. */
    private static final double LOG_T_TOLERANCE = 1e-9;
    private static final double INV_PHI = (Math.sqrt(5) - 1) / 2;

    public TemperatureScaling {
        if (!(temperature > 0) || !Double.isFinite(temperature)) {
            throw new IllegalArgumentException("temperature must be finite and positive, was " + temperature);
        }
    }

    public static TemperatureScaling identity() {
        return new TemperatureScaling(1.0);
    }

    /**
     * The T in [{@link #MIN_TEMPERATURE}, {@link #MAX_TEMPERATURE}] that minimises the mean negative
     * log-likelihood of {@code softmax(scores / T)} for the true classes.
     *
     * <p>Where the clips are separable (every true class ranked first) or hopeless, the likelihood has no finite
     * optimum: T would run to a bound and every probability to 0 or 1, which a single wrong test clip then
     * contradicts. There the fit is the MAP estimate under a standard log-normal prior on T (centred on 1, worth
     * about one clip), so few validation clips cannot make the model claim certainty; many still can.
     *
     * @param scores [clips][classes] class scores (logits, SVM score sums, ...), at least two classes
     * @param truth  true class index per clip
     */
    public static TemperatureScaling fit(float[][] scores, int[] truth) {
        int classes = checkScores(scores, truth);
        if (classes < 2) {
            throw new IllegalArgumentException("temperature scaling needs at least two classes, got " + classes);
        }
        if (allRowsConstant(scores)) {
            return identity(); // every T gives the uniform distribution; nothing to fit
        }
        double logT = minimiseOverLogT(logT0 -> meanNll(scores, truth, Math.exp(-logT0)));
        boolean atBound = logT - Math.log(MIN_TEMPERATURE) < 1e-6 || Math.log(MAX_TEMPERATURE) - logT < 1e-6;
        if (atBound) {
            double clips = scores.length;
            logT = minimiseOverLogT(l -> meanNll(scores, truth, Math.exp(-l)) + l * l / (2 * clips));
        }
        return new TemperatureScaling(Math.min(MAX_TEMPERATURE, Math.max(MIN_TEMPERATURE, Math.exp(logT))));
    }

    /**
     * Golden-section search of log T over the range. The NLL is convex in 1/T (a log-sum-exp of lines minus a
     * line), so it is unimodal in log T, as is it plus the convex prior; log T spreads the six decades evenly.
     */
    private static double minimiseOverLogT(DoubleUnaryOperator objective) {
        double a = Math.log(MIN_TEMPERATURE);
        double b = Math.log(MAX_TEMPERATURE);
        double x1 = b - INV_PHI * (b - a);
        double x2 = a + INV_PHI * (b - a);
        double f1 = objective.applyAsDouble(x1);
        double f2 = objective.applyAsDouble(x2);
        while (b - a > LOG_T_TOLERANCE) {
            if (f1 <= f2) {
                b = x2;
                x2 = x1;
                f2 = f1;
                x1 = b - INV_PHI * (b - a);
                f1 = objective.applyAsDouble(x1);
            } else {
                a = x1;
                x1 = x2;
                f1 = f2;
                x2 = a + INV_PHI * (b - a);
                f2 = objective.applyAsDouble(x2);
            }
        }
        return (a + b) / 2;
    }

    /** {@code softmax(scores / temperature)} in double; sums to 1 up to rounding. */
    public double[] probabilities(float[] scores) {
        if (scores == null || scores.length == 0) {
            throw new IllegalArgumentException("no scores to turn into probabilities");
        }
        double inverse = 1.0 / temperature;
        double max = Double.NEGATIVE_INFINITY;
        for (float s : scores) {
            if (!Float.isFinite(s)) {
                throw new IllegalArgumentException("scores must be finite, got " + s);
            }
            max = Math.max(max, s * inverse);
        }
        double[] p = new double[scores.length];
        double sum = 0;
        for (int c = 0; c < scores.length; c++) {
            p[c] = Math.exp(scores[c] * inverse - max); // shifted by the max: no overflow, the max term is 1
            sum += p[c];
        }
        for (int c = 0; c < p.length; c++) {
            p[c] /= sum;
        }
        return p;
    }

    /** {@link #probabilities(float[])} for each clip. */
    public double[][] probabilities(float[][] scores) {
        if (scores == null) {
            throw new IllegalArgumentException("no scores to turn into probabilities");
        }
        double[][] p = new double[scores.length][];
        for (int i = 0; i < scores.length; i++) {
            p[i] = probabilities(scores[i]);
        }
        return p;
    }

    /** Mean of {@code logsumexp(beta·s) − beta·s[truth]} over the clips, beta = 1/T. */
    private static double meanNll(float[][] scores, int[] truth, double beta) {
        double total = 0;
        for (int i = 0; i < scores.length; i++) {
            float[] s = scores[i];
            double max = Double.NEGATIVE_INFINITY;
            for (float v : s) {
                max = Math.max(max, beta * v);
            }
            double sum = 0;
            for (float v : s) {
                sum += Math.exp(beta * v - max);
            }
            total += max + Math.log(sum) - beta * s[truth[i]];
        }
        return total / scores.length;
    }

    /** Checks shape, range and finiteness; returns the number of classes. */
    private static int checkScores(float[][] scores, int[] truth) {
        if (scores == null || truth == null) {
            throw new IllegalArgumentException("scores and truth are required");
        }
        if (scores.length != truth.length) {
            throw new IllegalArgumentException("scores and truth differ in length: " + scores.length + " clips of scores, "
                    + truth.length + " true classes");
        }
        if (scores.length == 0) {
            throw new IllegalArgumentException("nothing to fit a temperature on: no clips");
        }
        int classes = scores[0] == null ? 0 : scores[0].length;
        for (int i = 0; i < scores.length; i++) {
            if (scores[i] == null || scores[i].length != classes) {
                throw new IllegalArgumentException("clip " + i + " has " + (scores[i] == null ? 0 : scores[i].length)
                        + " scores, clip 0 has " + classes);
            }
            for (float v : scores[i]) {
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("clip " + i + " has a score that is not finite: " + v);
                }
            }
            if (truth[i] < 0 || truth[i] >= classes) {
                throw new IllegalArgumentException("clip " + i + " has class index " + truth[i] + " outside 0.."
                        + (classes - 1));
            }
        }
        return classes;
    }

    private static boolean allRowsConstant(float[][] scores) {
        for (float[] s : scores) {
            for (float v : s) {
                if (v != s[0]) {
                    return false;
                }
            }
        }
        return true;
    }
}
