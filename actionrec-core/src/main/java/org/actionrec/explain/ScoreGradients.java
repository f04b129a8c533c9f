package org.actionrec.explain;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.actionrec.features.ClipFeatures;
import org.actionrec.head.ClipClassifier;
import org.actionrec.head.LinearSvmHead;
import org.actionrec.head.ScoreFusion;
import org.actionrec.head.SoftmaxHead;
import org.actionrec.head.StreamNormaliser;
import org.actionrec.recognizer.ClipScorer;
import org.actionrec.recognizer.FrozenSvmFusion;
import org.actionrec.recognizer.StreamPoolModel;
import org.actionrec.recognizer.TrainedModelScorer;
import org.actionrec.streams.Stream;
import org.actionrec.train.SequenceTrainer;

/**
 * The gradient of one class's score with respect to every pooled descriptor a model reads (per input, stream
 * and frame), through the model's head. For the frozen pool's linear SVMs this is their weight, scaled by the
 * fusion; the score is then linear in the descriptors and {@link Result#bias()} is what the descriptors do not
 * explain. Trained descriptor models (late fusion, lrcn) are differentiated with DJL's autograd on their
 * checkpoints, members of an ensemble averaged as their scores are.
 */
public final class ScoreGradients {
    private static final String ENGINE = "PyTorch";

    private ScoreGradients() {
    }

    /**
     * @param score     the class's score (the scorer's own, before calibration)
     * @param linear    whether the score is linear in the descriptors (then contributions + bias = score exactly)
     * @param bias      for a linear score, its constant part; NaN otherwise
     * @param gradients per input (the scorer's {@link ClipScorer#inputs()} order), stream id → [frames][D]
     */
    public record Result(double score, boolean linear, double bias, List<Map<String, float[][]>> gradients) {
    }

    /** The gradient of class {@code cls}'s score for a clip's descriptors of each of the scorer's inputs. */
    public static Result of(ClipScorer scorer, List<ClipFeatures> inputs, int cls) {
        double score = scorer.score(inputs)[cls];
        if (scorer instanceof StreamPoolModel pool) {
            Map<String, float[][]> g = new LinkedHashMap<>();
            double bias = poolGradient(pool.streams(), pool.heads(), pool.fusion(), 0, inputs.get(0), cls, g);
            return new Result(score, !Double.isNaN(bias), bias, List.of(g));
        }
        if (scorer instanceof TrainedModelScorer trained) {
            return trained(trained, inputs, cls, score);
        }
        throw new UnsupportedOperationException("explaining a " + scorer.getClass().getSimpleName()
                + " is not supported; the stream pool, late-fusion and lrcn models are");
    }

    /**
     * Fills {@code out} with the gradient of a fused pool score with respect to each stream's keyframe descriptors;
     * streams of the fusion from {@code firstStream} on are the pool's. Returns the constant part of the
     * score these streams contribute where every head is linear, else NaN.
     */
    private static double poolGradient(List<String> streams, List<ClipClassifier> heads, ScoreFusion fusion,
                                       int firstStream, ClipFeatures clip, int cls, Map<String, float[][]> out) {
        double bias = 0;
        boolean linear = true;
        for (int s = 0; s < streams.size(); s++) {
            StreamNormaliser norm = fusion.normalisers().get(firstStream + s);
            double scale = fusion.weights().get(firstStream + s) / norm.std();
            float[][] keyframes = clip.stream(streams.get(s));
            float[][] g = new float[keyframes.length][];
            ClipClassifier head = heads.get(s);
            for (int k = 0; k < keyframes.length; k++) {
                g[k] = keyframeGradient(head, keyframes[k], cls, scale / keyframes.length);
            }
            out.put(streams.get(s), g);
            if (head instanceof LinearSvmHead svm) {
                bias += scale * (svm.biases()[cls] - norm.mean());
            } else {
                linear = false;
            }
        }
        return linear ? bias : Double.NaN;
    }

    /** {@code factor} × ∂(head's keyframe score of cls)/∂descriptor. */
    private static float[] keyframeGradient(ClipClassifier head, float[] x, int cls, double factor) {
        int d = x.length;
        float[] g = new float[d];
        if (head instanceof LinearSvmHead svm) {
            double[] w = svm.weights()[cls];
            for (int j = 0; j < d; j++) g[j] = (float) (factor * w[j]);
            return g;
        }
        if (head instanceof SoftmaxHead soft) {
            // p = softmax(W (x - mean) / std + b): ∂p_c/∂x_j = p_c Σ_k (δ_ck - p_k) W_kj / std_j
            float[] p = soft.scoreKeyframe(x);
            double[][] w = soft.weights();
            double[] std = soft.std();
            for (int j = 0; j < d; j++) {
                double s = 0;
                for (int k = 0; k < w.length; k++) s += ((k == cls ? 1 : 0) - p[k]) * w[k][j];
                g[j] = (float) (factor * p[cls] * s / std[j]);
            }
            return g;
        }
        throw new UnsupportedOperationException("no gradient for a " + head.getClass().getSimpleName());
    }

    private static Result trained(TrainedModelScorer scorer, List<ClipFeatures> inputs, int cls, double score) {
        List<SequenceTrainer.Trained> members = scorer.memberModels();
        ClipFeatures own = inputs.get(0);
        List<String> streams = scorer.inputs().get(0).orderedStreams().stream().map(Stream::id).toList();
        FrozenSvmFusion fusion = scorer.frozenFusion();
        double scale = 1;
        if (fusion != null) {
            scale = fusion.fusion().weights().get(0) / fusion.fusion().normalisers().get(0).std();
        }
        int frames = own.stream(streams.get(0)).length;
        int[] widths = streams.stream().mapToInt(s -> own.stream(s)[0].length).toArray();
        int width = java.util.Arrays.stream(widths).sum();
        float[] joined = new float[frames * width];
        for (int t = 0; t < frames; t++) {
            int at = t * width;
            for (int s = 0; s < streams.size(); s++) {
                System.arraycopy(own.stream(streams.get(s))[t], 0, joined, at, widths[s]);
                at += widths[s];
            }
        }
        double[] sum = new double[joined.length];
        synchronized (scorer) { // DJL models are not shared between threads; the scorer serialises on itself
            for (SequenceTrainer.Trained member : members) {
                float[] g = inputGradient(member, joined, frames, width, cls);
                for (int i = 0; i < g.length; i++) sum[i] += g[i];
            }
        }
        double factor = scale / members.size();
        Map<String, float[][]> g = new LinkedHashMap<>();
        int offset = 0;
        for (int s = 0; s < streams.size(); s++) {
            float[][] rows = new float[frames][widths[s]];
            for (int t = 0; t < frames; t++) {
                for (int j = 0; j < widths[s]; j++) rows[t][j] = (float) (factor * sum[t * width + offset + j]);
            }
            g.put(streams.get(s), rows);
            offset += widths[s];
        }
        List<Map<String, float[][]>> all = new ArrayList<>();
        all.add(g);
        if (fusion != null) {
            Map<String, float[][]> frozen = new LinkedHashMap<>();
            poolGradient(fusion.streams(), fusion.heads(), fusion.fusion(), 1, inputs.get(1), cls, frozen);
            all.add(frozen);
        }
        return new Result(score, false, Double.NaN, all);
    }

    /** ∂(member's logit of cls)/∂input for one clip [1, frames, width], by autograd. */
    private static float[] inputGradient(SequenceTrainer.Trained member, float[] joined, int frames, int width,
                                         int cls) {
        try (NDManager scope = member.model().getNDManager().newSubManager()) {
            NDArray x = scope.create(joined, new Shape(1, frames, width));
            x.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getEngine(ENGINE).newGradientCollector()) {
                ParameterStore store = new ParameterStore(scope, false);
                NDArray logits = member.model().getBlock().forward(store, new NDList(x), false).singletonOrThrow();
                collector.backward(logits.get(0, cls));
            }
            return x.getGradient().toFloatArray();
        }
    }
}
