package org.actionrec.model.trained;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.actionrec.features.ClipFeatures;
import org.actionrec.head.FusedScoreGradients;
import org.actionrec.head.ScoreFusion;
import org.actionrec.model.ClipScorer;
import org.actionrec.model.ExplanationBasis;
import org.actionrec.model.ScoreGradient;
import org.actionrec.streams.Stream;
import org.actionrec.streams.StreamConfig;
import org.actionrec.train.SequenceSample;
import org.actionrec.train.SequenceTrainer;
import org.actionrec.train.TrainedNetwork;

/**
 * A trained sequence model (late-fusion, lrcn on descriptors; temporal-conv on pooled conv maps; c3d-small on
 * pixels) as a {@link ClipScorer}: the checkpoints it was tested with
 * score the clip's frame descriptors (a seed ensemble's members averaged, refitted ones where refitted), then,
 * where the model was fused with frozen-descriptor SVMs, those too. Scoring is serialised: DJL models are not
 * made to be shared between threads, and the head is cheap beside the backbone.
 */
public final class TrainedModelScorer implements ClipScorer {
    private final List<TrainedNetwork> members;
    private final StreamConfig config;
    private final List<String> streams;
    private final FrozenSvmFusion fusion;
    private final String explainedAs;

    private TrainedModelScorer(List<TrainedNetwork> members, StreamConfig config, FrozenSvmFusion fusion,
                               String notExplained) {
        this.explainedAs = notExplained;
        this.members = List.copyOf(members);
        this.config = config;
        this.streams = config.orderedStreams().stream().map(Stream::id).toList();
        this.fusion = fusion;
    }

    /**
     * Opens the best parameters of each checkpoint folder.
     *
     * @param fusion       the frozen SVMs fused with the model, or null
     * @param notExplained why the model's scores are not explained through its descriptors (its input is not
     *                     the backbone's pooled descriptors), or null where they are
     */
    public static TrainedModelScorer open(List<Path> checkpoints, StreamConfig config, FrozenSvmFusion fusion,
                                          String notExplained) throws IOException {
        if (checkpoints.isEmpty()) throw new IOException("no checkpoints to score with");
        List<TrainedNetwork> members = new ArrayList<>();
        try {
            for (Path folder : checkpoints) members.add(SequenceTrainer.load(folder, SequenceTrainer.Checkpoint.BEST));
        } catch (IOException | RuntimeException e) {
            members.forEach(TrainedNetwork::close);
            throw e;
        }
        return new TrainedModelScorer(members, config, fusion, notExplained);
    }

    /** Checkpoints whose scores are averaged (a seed ensemble's members; 1 for one model). */
    public int members() {
        return members.size();
    }

    /** The checkpoints that score, for callers that look inside them (explanations take their gradients). */
    public List<TrainedNetwork> memberModels() {
        return members;
    }

    /** The frozen SVMs fused with the model, or null. */
    public FrozenSvmFusion frozenFusion() {
        return fusion;
    }

    @Override
    public List<StreamConfig> inputs() {
        return fusion == null ? List.of(config) : List.of(config, fusion.streamConfig());
    }

    @Override
    public synchronized float[] score(List<ClipFeatures> clip) {
        ClipFeatures own = clip.get(0);
        List<SequenceSample> sample = List.of(new SequenceSample(own.clip(), own.joined(streams), 0));
        List<float[][]> scores = new ArrayList<>();
        for (TrainedNetwork member : members) scores.add(member.scores(sample));
        float[] mean = ScoreFusion.mean(scores)[0];
        return fusion == null ? mean : fusion.fuse(mean, clip.get(1));
    }

    /**
     * Descriptor models are explained by Grad-CAM: DJL's autograd on each checkpoint gives the gradient of the
     * class's logit with respect to the joined frame descriptors (members averaged as their scores are), then,
     * for a fusion, the frozen SVMs' exact weights scaled by the fusion.
     */
    @Override
    public ExplanationBasis explanation() {
        if (explainedAs != null) return new ExplanationBasis.NotExplained(explainedAs);
        return new ExplanationBasis.DescriptorGradients(this::gradient);
    }

    private ScoreGradient gradient(List<ClipFeatures> inputs, int cls) {
        double score = score(inputs)[cls];
        ClipFeatures own = inputs.get(0);
        double scale = 1;
        if (fusion != null) {
            scale = fusion.fusion().weights().get(0) / fusion.fusion().normalisers().get(0).std();
        }
        int frames = own.stream(streams.get(0)).length;
        int[] widths = streams.stream().mapToInt(s -> own.stream(s)[0].length).toArray();
        int width = java.util.Arrays.stream(widths).sum();
        float[][] rows = own.joined(streams);
        float[] joined = new float[frames * width];
        for (int t = 0; t < frames; t++) System.arraycopy(rows[t], 0, joined, t * width, width);
        double[] sum = new double[joined.length];
        synchronized (this) { // DJL models are not shared between threads; scoring serialises on this too
            for (TrainedNetwork member : members) {
                float[] g = inputGradient(member, joined, frames, width, cls);
                for (int i = 0; i < g.length; i++) sum[i] += g[i];
            }
        }
        double factor = scale / members.size();
        Map<String, float[][]> g = new LinkedHashMap<>();
        int offset = 0;
        for (int s = 0; s < streams.size(); s++) {
            float[][] part = new float[frames][widths[s]];
            for (int t = 0; t < frames; t++) {
                for (int j = 0; j < widths[s]; j++) part[t][j] = (float) (factor * sum[t * width + offset + j]);
            }
            g.put(streams.get(s), part);
            offset += widths[s];
        }
        List<Map<String, float[][]>> all = new ArrayList<>();
        all.add(g);
        if (fusion != null) {
            Map<String, float[][]> frozen = new LinkedHashMap<>();
            FusedScoreGradients.of(fusion.streams(), fusion.heads(), fusion.fusion(), 1, inputs.get(1), cls, frozen);
            all.add(frozen);
        }
        return new ScoreGradient(score, false, Double.NaN, all);
    }

    /** ∂(member's logit of cls)/∂input for one clip [1, frames, width], by autograd. */
    private static float[] inputGradient(TrainedNetwork member, float[] joined, int frames, int width,
                                         int cls) {
        try (NDManager scope = member.model().getNDManager().newSubManager()) {
            NDArray x = scope.create(joined, new Shape(1, frames, width));
            x.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                ParameterStore store = new ParameterStore(scope, false);
                NDArray logits = member.model().getBlock().forward(store, new NDList(x), false).singletonOrThrow();
                collector.backward(logits.get(0, cls));
            }
            return x.getGradient().toFloatArray();
        }
    }

    @Override
    public void close() {
        members.forEach(TrainedNetwork::close);
    }
}
