package org.actionrec.head;

/**
 * z-normalisation of one stream's scores: (s - mean) / std over all entries of a [clips][classes] score matrix,
 * as the Python reference does. Only the std affects the fused argmax (the mean shifts every class equally),
 * so normalisers fitted on one scored set carry over to another as long as the score scale is similar.
 */
public record StreamNormaliser(double mean, double std) {
    public StreamNormaliser {
        if (!(std > 0) || !Double.isFinite(mean)) {
            throw new IllegalArgumentException("normaliser needs a finite mean and std > 0, got " + mean + ", " + std);
        }
    }

    public static StreamNormaliser identity() {
        return new StreamNormaliser(0, 1);
    }

    /** Mean and (population) std of all entries; std 1 where every entry is equal. */
    public static StreamNormaliser fit(float[][] scores) {
        double sum = 0;
        long count = 0;
        for (float[] row : scores) {
            for (float v : row) {
                sum += v;
                count++;
            }
        }
        if (count == 0) {
            throw new IllegalArgumentException("no scores to fit a normaliser on");
        }
        double mean = sum / count;
        double sq = 0;
        for (float[] row : scores) {
            for (float v : row) {
                sq += (v - mean) * (v - mean);
            }
        }
        double std = Math.sqrt(sq / count);
        return new StreamNormaliser(mean, std > 1e-12 ? std : 1);
    }

    public double apply(double score) {
        return (score - mean) / std;
    }
}
