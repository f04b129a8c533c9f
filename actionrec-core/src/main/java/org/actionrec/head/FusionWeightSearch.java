package org.actionrec.head;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;

/**
 * Chooses stream weights and the head's C on a validation set by fused top-1. Weights come from a grid over the
 * simplex (multiples of {@code step} summing to 1) plus exact equal weights; ties go to the weights nearest to
 * equal, then to the C nearest to 1 (in log scale). The caller retrains the heads on all training clips with
 * the chosen C; the stored normalisers stay those of the validation scores.
 */
public final class FusionWeightSearch {
    private static final Logger LOG = LoggerFactory.getLogger(FusionWeightSearch.class);
    public static final List<Double> DEFAULT_C_VALUES = List.of(0.01, 0.1, 1.0, 10.0);
    public static final double DEFAULT_STEP = 0.1;

    /** Best weights for fixed validation scores, and the fused top-1 (percent) they reach. */
    public record WeightChoice(double[] weights, double top1Pct) {
    }

    private final List<Double> cValues;
    private final double step;
    private final DoubleFunction<HeadTrainer> trainerForC;

    /** @param trainerForC the head trainer for a given C, e.g. {@code c -> LinearSvmHead.trainer(cfg.withC(c))} */
    public FusionWeightSearch(List<Double> cValues, double step, DoubleFunction<HeadTrainer> trainerForC) {
        if (cValues.isEmpty() || !(step > 0 && step <= 1)) {
            throw new IllegalArgumentException("need at least one C and a step in (0, 1]");
        }
        this.cValues = List.copyOf(cValues);
        this.step = step;
        this.trainerForC = trainerForC;
    }

    public static FusionWeightSearch svm(SvmConfig base) {
        return new FusionWeightSearch(DEFAULT_C_VALUES, DEFAULT_STEP, c -> LinearSvmHead.trainer(base.withC(c)));
    }

    /**
     * @param train      per stream, the training clips
     * @param validation per stream, the validation clips, in the same clip order for every stream
     */
    public FusionChoice search(List<String> streams, List<List<LabelledClip>> train,
                               List<List<LabelledClip>> validation, int classCount) {
        return search(List.of(), List.of(), streams, train, validation, classCount);
    }

    /**
     * As {@link #search(List, List, List, int)}, with streams whose validation scores are already fixed (a
     * trained network's, say) fused beside the heads trained here; the fixed streams come first in the fusion.
     *
     * @param fixedScores per fixed stream, [validation clips][classes] in the validation clips' order
     */
    public FusionChoice search(List<String> fixedStreams, List<float[][]> fixedScores, List<String> streams,
                               List<List<LabelledClip>> train, List<List<LabelledClip>> validation, int classCount) {
        if (streams.isEmpty() || streams.size() != train.size() || streams.size() != validation.size()) {
            throw new IllegalArgumentException("need training and validation clips for each of " + streams);
        }
        if (fixedStreams.size() != fixedScores.size()) {
            throw new IllegalArgumentException("need validation scores for each of " + fixedStreams);
        }
        int[] truth = validation.get(0).stream().mapToInt(LabelledClip::label).toArray();
        for (List<LabelledClip> v : validation) {
            int[] t = v.stream().mapToInt(LabelledClip::label).toArray();
            if (!java.util.Arrays.equals(t, truth)) {
                throw new IllegalArgumentException("validation clips must be the same clips, in the same order, in every stream");
            }
        }
        for (float[][] f : fixedScores) {
            if (f.length != truth.length) {
                throw new IllegalArgumentException("fixed scores hold " + f.length + " clips, validation " + truth.length);
            }
        }
        List<String> allStreams = new ArrayList<>(fixedStreams);
        allStreams.addAll(streams);
        FusionChoice best = null;
        double bestWeightDistance = 0;
        for (double c : cValues) {
            List<float[][]> scores = new ArrayList<>(fixedScores);
            for (int s = 0; s < streams.size(); s++) {
                ClipClassifier head = trainerForC.apply(c).train(train.get(s), classCount);
                List<float[][]> clips = validation.get(s).stream().map(LabelledClip::keyframes).toList();
                scores.add(head.scoreClips(clips));
            }
            WeightChoice wc = bestWeights(scores, truth, step);
            double distance = distanceToEqual(wc.weights());
            LOG.debug("C={}: best weights {} give validation top-1 {}%", c, wc.weights(), wc.top1Pct());
            boolean better = best == null
                    || wc.top1Pct() > best.validationTop1Pct()
                    || (wc.top1Pct() == best.validationTop1Pct() && distance < bestWeightDistance - 1e-12)
                    || (wc.top1Pct() == best.validationTop1Pct() && Math.abs(distance - bestWeightDistance) <= 1e-12
                    && Math.abs(Math.log(c)) < Math.abs(Math.log(best.c())));
            if (better) {
                ScoreFusion fusion = ScoreFusion.equalWeights(allStreams, scores);
                List<Double> weights = new ArrayList<>();
                for (double w : wc.weights()) {
                    weights.add(w);
                }
                ScoreFusion chosen = new ScoreFusion(allStreams, weights, fusion.normalisers());
                best = new FusionChoice(c, chosen, wc.top1Pct(), chosen.fuse(scores));
                bestWeightDistance = distance;
            }
        }
        return best;
    }

    /** Searches the weight grid on fixed validation scores (each stream normalised on these scores). */
    public static WeightChoice bestWeights(List<float[][]> validationScores, int[] truth, double step) {
        int streams = validationScores.size();
        List<StreamNormaliser> norms = new ArrayList<>();
        for (float[][] s : validationScores) {
            norms.add(StreamNormaliser.fit(s));
        }
        List<double[]> candidates = new ArrayList<>();
        double[] equal = new double[streams];
        java.util.Arrays.fill(equal, 1.0 / streams);
        candidates.add(equal);
        int units = (int) Math.round(1 / step);
        compositions(new int[streams], 0, units, units, candidates);
        double[] bestW = null;
        double bestTop1 = -1;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (double[] w : candidates) {
            List<Double> wl = new ArrayList<>();
            for (double v : w) {
                wl.add(v);
            }
            float[][] fused = ScoreFusion.fuse(validationScores, norms, wl);
            double top1 = top1Pct(fused, truth);
            double distance = distanceToEqual(w);
            if (top1 > bestTop1 || (top1 == bestTop1 && distance < bestDistance - 1e-12)) {
                bestW = w;
                bestTop1 = top1;
                bestDistance = distance;
            }
        }
        return new WeightChoice(bestW, bestTop1);
    }

    /** All vectors of non-negative multiples of 1/units summing to 1. */
    private static void compositions(int[] parts, int index, int left, int units, List<double[]> out) {
        if (index == parts.length - 1) {
            parts[index] = left;
            double[] w = new double[parts.length];
            for (int i = 0; i < parts.length; i++) {
                w[i] = parts[i] / (double) units;
            }
            out.add(w);
            return;
        }
        for (int k = 0; k <= left; k++) {
            parts[index] = k;
            compositions(parts, index + 1, left - k, units, out);
        }
    }

    private static double distanceToEqual(double[] w) {
        double sum = 0;
        for (double v : w) {
            double d = v - 1.0 / w.length;
            sum += d * d;
        }
        return Math.sqrt(sum);
    }

    private static double top1Pct(float[][] scores, int[] truth) {
        int correct = 0;
        for (int i = 0; i < truth.length; i++) {
            if (ClipClassifier.argmax(scores[i]) == truth[i]) {
                correct++;
            }
        }
        return truth.length == 0 ? 0 : 100.0 * correct / truth.length;
    }
}
