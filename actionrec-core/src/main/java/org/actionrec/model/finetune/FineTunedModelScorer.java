package org.actionrec.model.finetune;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.actionrec.features.ClipFeatures;
import org.actionrec.head.ScoreFusion;
import org.actionrec.model.ClipScorer;
import org.actionrec.model.ExplanationBasis;
import org.actionrec.streams.Stream;
import org.actionrec.streams.StreamConfig;
import org.actionrec.train.FineTunedNetwork;
import org.actionrec.train.SequenceModels;
import org.actionrec.train.SequenceSample;
import org.actionrec.train.SequenceTrainer;
import org.actionrec.train.TrainedNetwork;

/**
 * A model whose backbone was fine-tuned ({@code finetune}, and {@code nbtl}: finetune pruned by negative
 * back-dropout) as a {@link ClipScorer}. It reads the clip's keyframes as images (the pixel "descriptors" of
 * {@link org.actionrec.backbone.PixelBackbone}); each keyframe goes through the fine-tuned network, with its mirror
 * image where the model was trained with mirroring, and the clip's score is the mean over keyframes, then over
 * ensemble members: the scoring the training job tested. Scoring is serialised, as DJL models are not shared
 * between threads.
 */
public final class FineTunedModelScorer implements ClipScorer {
    private final List<TrainedNetwork> members;
    private final StreamConfig config;
    private final String stream;

    private FineTunedModelScorer(List<TrainedNetwork> members, StreamConfig config) {
        this.members = List.copyOf(members);
        this.config = config;
        List<Stream> streams = config.orderedStreams();
        if (streams.size() != 1) {
            throw new IllegalArgumentException("a fine-tuned model reads one stream, not " + streams);
        }
        this.stream = streams.get(0).id();
    }

    /**
     * Opens the best parameters of each checkpoint folder and, for nbtl, drops the neurons NB-TL dropped.
     *
     * @param pruning the neurons dropped from each member, or null for a plain fine-tuned model
     */
    public static FineTunedModelScorer open(List<Path> checkpoints, StreamConfig config, NbtlPruning pruning)
            throws IOException {
        if (checkpoints.isEmpty()) throw new IOException("no checkpoints to score with");
        if (pruning != null && pruning.members().size() != checkpoints.size()) {
            throw new IOException("negative back-dropout names " + pruning.members().size() + " members, the file "
                    + checkpoints.size() + " checkpoints");
        }
        List<TrainedNetwork> members = new ArrayList<>();
        try {
            for (int m = 0; m < checkpoints.size(); m++) {
                TrainedNetwork t = SequenceTrainer.load(checkpoints.get(m), SequenceTrainer.Checkpoint.BEST);
                members.add(t);
                if (!t.spec().name().equals(SequenceModels.FINETUNE)) {
                    throw new IOException(checkpoints.get(m) + " holds a " + t.spec().name()
                            + " model, not a fine-tuned backbone");
                }
                if (pruning != null) {
                    NbtlPruning.Member p = pruning.members().get(m);
                    new FineTunedNetwork(t).dropNeurons(p.droppedInputs(), p.droppedHidden());
                }
            }
        } catch (IOException | RuntimeException e) {
            members.forEach(TrainedNetwork::close);
            throw e;
        }
        return new FineTunedModelScorer(members, config);
    }

    /** The fine-tuned networks whose scores are averaged, for explanations that look inside them. */
    public List<TrainedNetwork> memberModels() {
        return members;
    }

    /** Grad-CAM through the fine-tuned networks themselves (their descriptors are no frozen backbone's). */
    @Override
    public ExplanationBasis explanation() {
        return new ExplanationBasis.FineTunedNetworks(members, this);
    }

    @Override
    public List<StreamConfig> inputs() {
        return List.of(config);
    }

    @Override
    public synchronized float[] score(List<ClipFeatures> clip) {
        List<SequenceSample> keyframes = keyframeSamples(clip.get(0));
        List<float[][]> perMember = new ArrayList<>();
        for (TrainedNetwork member : members) perMember.add(member.scores(keyframes));
        float[][] byKeyframe = ScoreFusion.mean(perMember);
        float[] mean = new float[byKeyframe[0].length];
        for (float[] row : byKeyframe) {
            for (int c = 0; c < mean.length; c++) mean[c] += row[c] / byKeyframe.length;
        }
        return mean;
    }

    /** One sample of one frame (T = 1) per keyframe, as the training job made them. */
    private List<SequenceSample> keyframeSamples(ClipFeatures clip) {
        List<SequenceSample> out = new ArrayList<>();
        for (float[] image : clip.stream(stream)) out.add(new SequenceSample(clip.clip(), new float[][] {image}, 0));
        return out;
    }

    @Override
    public void close() {
        members.forEach(TrainedNetwork::close);
    }
}
