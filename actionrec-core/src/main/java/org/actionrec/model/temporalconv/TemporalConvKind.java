package org.actionrec.model.temporalconv;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.actionrec.backbone.Backbone;
import org.actionrec.backbone.BackboneException;
import org.actionrec.backbone.BackboneOptions;
import org.actionrec.backbone.BackboneSpec;
import org.actionrec.backbone.Backbones;
import org.actionrec.backbone.PooledConvMapBackbone;
import org.actionrec.features.ClipFeatures;
import org.actionrec.head.LabelledClip;
import org.actionrec.head.SoftmaxConfig;
import org.actionrec.head.SoftmaxHead;
import org.actionrec.model.ClipScorer;
import org.actionrec.model.MemberOutcome;
import org.actionrec.model.TrainableKind;
import org.actionrec.model.TrainedMember;
import org.actionrec.model.trained.TrainedCheckpoints;
import org.actionrec.modelfile.ModelArchive;
import org.actionrec.streams.Stream;
import org.actionrec.streams.StreamConfig;
import org.actionrec.train.ModelRecipe;
import org.actionrec.train.SequenceModels.ModelSpec;
import org.actionrec.train.SequenceModels;
import org.actionrec.train.SequenceSample;
import org.actionrec.train.TrainingConfig;

/**
 * Paper 003's model: the last conv maps of each frame, averaged to a {@value #GRID}×{@value #GRID} grid, stacked
 * in time and classified by a 3D convolution and three fully connected layers; optionally combined with another
 * stream's frozen descriptors by an L-BFGS softmax. Its input comes from the backbone's conv-map file.
 */
public final class TemporalConvKind implements TrainableKind {
    /** Grid the conv maps are averaged to. */
    public static final int GRID = 3;

    @Override
    public String id() {
        return SequenceModels.TEMPORAL_CONV;
    }

    @Override
    public ModelRecipe.Input input() {
        return ModelRecipe.Input.CONV_MAPS;
    }

    /**
     * paper 003: dropout 0.5 on the FC layers; its SGD (momentum 0.9, lr 0.01) diverged here on the unnormalised
     * conv maps (chance accuracy), so Adam 1e-4; 16 frames, not 30, on two cores.
     */
    @Override
    public ModelRecipe recipe(Path torchScript) {
        return new ModelRecipe(id(), ModelSpec.of(id()), TrainingConfig.adam(30, 1e-4f, 8), input(), 16,
                StreamConfig.RGB_ONLY.withKeyframes(16), ModelRecipe.StreamRule.RGB_ONLY);
    }

    @Override
    public String describe(ModelSpec s, TrainingConfig t, double nbtlRatio) {
        return "3D conv over stacked conv maps, FC " + s.hiddenSize() + "/" + s.hiddenSize() / 2;
    }

    /**
     * The conv-map file (e.g. {@code mobilenet_v2_convmap.onnx}, whose backbone's spec {@code spec} is), its maps
     * pooled to the grid.
     */
    @Override
    public Backbone openBackbone(Path file, BackboneSpec spec, BackboneOptions engine) throws BackboneException {
        return new PooledConvMapBackbone(Backbones.open(file, spec, engine), spec.descriptorSize(), GRID);
    }

    @Override
    public ClipScorer open(ModelArchive archive) throws IOException {
        return TrainedCheckpoints.scorer(archive, "a temporal-conv model reads pooled conv maps, not the descriptors "
                + "that explanations decompose; explanations are given for the stream pool, late-fusion, lrcn, "
                + "finetune and nbtl models");
    }

    @Override
    public StreamConfig fusionDescriptorInput(String stream, int keyframes) {
        if (stream == null) return null;
        return StreamConfig.ALL_STREAMS.withKeyframes(keyframes).withStreams(EnumSet.of(Stream.parse(stream)));
    }

    /**
     * Paper 003's combination: the model's clip descriptors (before its classifier) joined with another stream's
     * frozen descriptors (mean over keyframes), and a softmax trained on them by L-BFGS on the training side.
     */
    @Override
    public MemberOutcome afterTraining(TrainedMember m) {
        if (m.fusionDescriptors() == null) return MemberOutcome.none(m);
        long t0 = System.nanoTime();
        List<LabelledClip> clips = joinForFusion(m.best().penultimate(m.side()), m.side(), m.fusionDescriptors());
        SoftmaxHead head = SoftmaxHead.train(clips, m.classes(), SoftmaxConfig.defaults());
        List<LabelledClip> test = joinForFusion(m.best().penultimate(m.test()), m.test(), m.fusionDescriptors());
        float[][] fused = head.scoreClips(test.stream().map(LabelledClip::keyframes).toList());
        return new MemberOutcome(m.testScores(), m.validationScores().get(), null, fused, null,
                (System.nanoTime() - t0) / 1e9);
    }

    private static List<LabelledClip> joinForFusion(float[][] own, List<SequenceSample> samples,
                                                    Map<String, ClipFeatures> fusion) {
        List<LabelledClip> out = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            ClipFeatures other = fusion.get(samples.get(i).clipId());
            if (other == null) {
                throw new IllegalStateException("no fusion descriptors for " + samples.get(i).clipId());
            }
            List<String> order = other.streams().keySet().stream()
                    .sorted(Comparator.comparingInt(s -> Stream.parse(s).ordinal())).toList();
            float[][] frames = other.joined(order);
            float[] mean = new float[frames[0].length];
            for (float[] f : frames) for (int j = 0; j < mean.length; j++) mean[j] += f[j] / frames.length;
            float[] both = new float[own[i].length + mean.length];
            System.arraycopy(own[i], 0, both, 0, own[i].length);
            System.arraycopy(mean, 0, both, own[i].length, mean.length);
            out.add(new LabelledClip(new float[][] {both}, samples.get(i).label()));
        }
        return out;
    }
}
