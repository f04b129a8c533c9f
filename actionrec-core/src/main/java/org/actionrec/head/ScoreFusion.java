package org.actionrec.head;

import java.util.ArrayList;
import java.util.List;

/**
 * Late fusion of streams: each stream's clip scores are z-normalised with that stream's fixed
 * {@link StreamNormaliser}, then averaged with the stream weights (which sum to 1).
 * <p>
 * Which normalisers to store: the Python reference normalises each stream on the very set it scores; a model
 * bundle cannot, since it scores one clip at a time. {@link FusionWeightSearch} stores normalisers fitted on the
 * validation scores (honest, unlike training scores, on which an SVM's margins are inflated); use
 * {@link #fuseSelfNormalised} to reproduce the reference's numbers on a whole test set.
 */
public record ScoreFusion(List<String> streams, List<Double> weights, List<StreamNormaliser> normalisers) {
    public ScoreFusion {
        streams = List.copyOf(streams);
        weights = List.copyOf(weights);
        normalisers = List.copyOf(normalisers);
        if (streams.isEmpty() || streams.size() != weights.size() || streams.size() != normalisers.size()) {
            throw new IllegalArgumentException("need one weight and one normaliser per stream");
        }
        double total = 0;
        for (double w : weights) {
            if (!(w >= 0)) {
                throw new IllegalArgumentException("stream weights must be >= 0: " + weights);
            }
            total += w;
        }
        if (Math.abs(total - 1) > 1e-6) {
            throw new IllegalArgumentException("stream weights must sum to 1: " + weights);
        }
    }

    /** Equal weights, normalisers fitted on the given score matrices (one per stream, same clip order). */
    public static ScoreFusion equalWeights(List<String> streams, List<float[][]> scores) {
        List<Double> w = new ArrayList<>();
        List<StreamNormaliser> norms = new ArrayList<>();
        for (int s = 0; s < streams.size(); s++) {
            w.add(1.0 / streams.size());
            norms.add(StreamNormaliser.fit(scores.get(s)));
        }
        return new ScoreFusion(streams, w, norms);
    }

    /** Fused [clips][classes] scores with the stored normalisers. */
    public float[][] fuse(List<float[][]> streamScores) {
        return fuse(streamScores, normalisers, weights);
    }

    /** The fused scores of one clip, from each stream's clip scores (e.g. when predicting one video). */
    public float[] fuseClip(List<float[]> clipScores) {
        List<float[][]> asMatrices = new ArrayList<>();
        for (float[] s : clipScores) {
            asMatrices.add(new float[][] {s});
        }
        return fuse(asMatrices)[0];
    }

    /** As the reference: each stream normalised on the scored set itself, then weighted with these weights. */
    public float[][] fuseSelfNormalised(List<float[][]> streamScores) {
        List<StreamNormaliser> own = new ArrayList<>();
        for (float[][] s : streamScores) {
            own.add(StreamNormaliser.fit(s));
        }
        return fuse(streamScores, own, weights);
    }

    /**
     * The element-wise mean of score matrices of the same clips and classes, without normalisation: for scores
     * on one scale, such as those of models that differ only in their seed (a seed ensemble).
     */
    public static float[][] mean(List<float[][]> scores) {
        if (scores.isEmpty()) throw new IllegalArgumentException("no scores to average");
        List<StreamNormaliser> identity = new ArrayList<>();
        List<Double> equal = new ArrayList<>();
        for (int i = 0; i < scores.size(); i++) {
            identity.add(StreamNormaliser.identity());
            equal.add(1.0 / scores.size());
        }
        return fuse(scores, identity, equal);
    }

    static float[][] fuse(List<float[][]> streamScores, List<StreamNormaliser> norms, List<Double> weights) {
        if (streamScores.size() != norms.size()) {
            throw new IllegalArgumentException("expected scores of " + norms.size() + " streams, got " + streamScores.size());
        }
        int clips = streamScores.get(0).length;
        int classes = clips > 0 ? streamScores.get(0)[0].length : 0;
        double[][] acc = new double[clips][classes];
        for (int s = 0; s < streamScores.size(); s++) {
            float[][] m = streamScores.get(s);
            if (m.length != clips) {
                throw new IllegalArgumentException("streams score different numbers of clips: " + clips + " and " + m.length);
            }
            StreamNormaliser norm = norms.get(s);
            double w = weights.get(s);
            for (int i = 0; i < clips; i++) {
                if (m[i].length != classes) {
                    throw new IllegalArgumentException("streams score different numbers of classes");
                }
                for (int c = 0; c < classes; c++) {
                    acc[i][c] += w * norm.apply(m[i][c]);
                }
            }
        }
        float[][] out = new float[clips][classes];
        for (int i = 0; i < clips; i++) {
            for (int c = 0; c < classes; c++) {
                out[i][c] = (float) acc[i][c];
            }
        }
        return out;
    }
}
