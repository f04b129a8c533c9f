package org.actionrec.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * How well probabilities mean what they say, on one set of clips.
 *
 * <p>Expected calibration error as Guo et al. (2017) define it: each clip's top-1 confidence (its highest
 * probability; the predicted class is the first highest, as in {@link Evaluation}) falls into one of
 * {@value #BINS} equal-width bins {@code (i/15, (i+1)/15]}; ECE is the clip-weighted mean of
 * {@code |accuracy − mean confidence|} over the bins.
 *
 * @param clips  clips measured
 * @param ecePct expected calibration error, in percent (0 to 100)
 * @param nll    mean negative log-likelihood of the true class, natural log, probabilities clamped at
 *               {@value #MIN_PROBABILITY}
 * @param brier  multi-class Brier score: mean over clips of {@code Σ_c (p_c − [c = truth])²}, 0 to 2
 * @param bins   the {@value #BINS} bins, lowest confidence first, empty ones included
 */
public record CalibrationMetrics(int clips, double ecePct, double nll, double brier, List<Bin> bins) {
    public static final int BINS = 15;
    public static final double MIN_PROBABILITY = 1e-12;

    /** How far a row of probabilities may sum from 1: loose enough for float inputs, tight enough to catch scores. */
    private static final double SUM_TOLERANCE = 1e-4;

    /**
     * One confidence bin. Fractions, not percent, so they read on the same axis as the bin's bounds.
     *
     * @param lower          exclusive lower bound of the top-1 confidence
     * @param upper          inclusive upper bound
     * @param count          clips whose confidence falls in the bin
     * @param meanConfidence mean top-1 confidence of those clips, 0 to 1; null when the bin is empty
     * @param accuracy       fraction of those clips predicted right, 0 to 1; null when the bin is empty
     */
    public record Bin(double lower, double upper, int count, Double meanConfidence, Double accuracy) {
    }

    public CalibrationMetrics {
        bins = List.copyOf(bins);
    }

    /**
     * @param probabilities [clips][classes] class probabilities, each row summing to 1
     * @param truth         true class index per clip
     */
    public static CalibrationMetrics of(double[][] probabilities, int[] truth) {
        int classes = check(probabilities, truth);
        int n = truth.length;
        int[] count = new int[BINS];
        double[] confidenceSum = new double[BINS];
        int[] correct = new int[BINS];
        double nllSum = 0;
        double brierSum = 0;
        for (int i = 0; i < n; i++) {
            double[] p = probabilities[i];
            int predicted = 0;
            for (int c = 1; c < classes; c++) {
                if (p[c] > p[predicted]) {
                    predicted = c;
                }
            }
            double confidence = p[predicted];
            int bin = binOf(confidence);
            count[bin]++;
            confidenceSum[bin] += confidence;
            if (predicted == truth[i]) {
                correct[bin]++;
            }
            nllSum -= Math.log(Math.max(p[truth[i]], MIN_PROBABILITY));
            for (int c = 0; c < classes; c++) {
                double d = p[c] - (c == truth[i] ? 1 : 0);
                brierSum += d * d;
            }
        }
        List<Bin> bins = new ArrayList<>(BINS);
        double ece = 0;
        for (int b = 0; b < BINS; b++) {
            if (count[b] == 0) {
                bins.add(new Bin(lowerBound(b), lowerBound(b + 1), 0, null, null));
                continue;
            }
            double meanConfidence = confidenceSum[b] / count[b];
            double accuracy = (double) correct[b] / count[b];
            ece += (double) count[b] / n * Math.abs(accuracy - meanConfidence);
            bins.add(new Bin(lowerBound(b), lowerBound(b + 1), count[b], meanConfidence, accuracy));
        }
        return new CalibrationMetrics(n, 100 * ece, nllSum / n, brierSum / n, bins);
    }

    private static double lowerBound(int bin) {
        return (double) bin / BINS;
    }

    /** The bin (i/15, (i+1)/15] holding {@code confidence}, judged against the same bounds the bins report. */
    static int binOf(double confidence) {
        int bin = (int) Math.ceil(confidence * BINS) - 1;
        bin = Math.max(0, Math.min(BINS - 1, bin));
        // confidence·15 can round across a bound; the comparisons below are exact against the reported bounds
        while (bin > 0 && confidence <= lowerBound(bin)) {
            bin--;
        }
        while (bin < BINS - 1 && confidence > lowerBound(bin + 1)) {
            bin++;
        }
        return bin;
    }

    /** Checks shape and that each row is a probability distribution; returns the number of classes. */
    private static int check(double[][] probabilities, int[] truth) {
        if (probabilities == null || truth == null) {
            throw new IllegalArgumentException("probabilities and truth are required");
        }
        if (probabilities.length != truth.length) {
            throw new IllegalArgumentException("probabilities and truth differ in length: " + probabilities.length
                    + " clips of probabilities, " + truth.length + " true classes");
        }
        if (truth.length == 0) {
            throw new IllegalArgumentException("nothing to measure calibration on: no clips");
        }
        int classes = probabilities[0] == null ? 0 : probabilities[0].length;
        if (classes == 0) {
            throw new IllegalArgumentException("clip 0 has no probabilities");
        }
        for (int i = 0; i < probabilities.length; i++) {
            double[] p = probabilities[i];
            if (p == null || p.length != classes) {
                throw new IllegalArgumentException("clip " + i + " has " + (p == null ? 0 : p.length)
                        + " probabilities, clip 0 has " + classes);
            }
            double sum = 0;
            for (double v : p) {
                if (!(v >= 0 && v <= 1)) {
                    throw new IllegalArgumentException("clip " + i + " has a probability outside [0, 1]: " + v
                            + " (scores must go through a softmax first)");
                }
                sum += v;
            }
            if (Math.abs(sum - 1) > SUM_TOLERANCE) {
                throw new IllegalArgumentException("clip " + i + "'s probabilities sum to " + sum + ", not 1"
                        + " (scores must go through a softmax first)");
            }
            if (truth[i] < 0 || truth[i] >= classes) {
                throw new IllegalArgumentException("clip " + i + " has class index " + truth[i] + " outside 0.."
                        + (classes - 1));
            }
        }
        return classes;
    }
}
