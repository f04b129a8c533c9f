package org.actionrec.recognizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.actionrec.features.ClipFeatures;
import org.actionrec.head.ScoreFusion;
import org.actionrec.streams.Stream;
import org.actionrec.streams.StreamConfig;
import org.actionrec.train.SequenceSample;
import org.actionrec.train.SequenceTrainer;

/**
 * A trained descriptor model (late-fusion, lrcn) as a {@link ClipScorer}: the checkpoints it was tested with
 * score the clip's frame descriptors (a seed ensemble's members averaged, refitted ones where refitted), then,
 * where the model was fused with frozen-descriptor SVMs, those too. Scoring is serialised: DJL models are not
 * made to be shared between threads, and the head is cheap beside the backbone.
 */
public final class TrainedModelScorer implements ClipScorer {
    private final List<SequenceTrainer.Trained> members;
    private final StreamConfig config;
    private final List<String> streams;
    private final FrozenSvmFusion fusion;

    private TrainedModelScorer(List<SequenceTrainer.Trained> members, StreamConfig config, FrozenSvmFusion fusion) {
        this.members = List.copyOf(members);
        this.config = config;
        this.streams = config.orderedStreams().stream().map(Stream::id).toList();
        this.fusion = fusion;
    }

    /**
     * Opens the best parameters of each checkpoint folder.
     *
     * @param fusion the frozen SVMs fused with the model, or null
     */
    public static TrainedModelScorer open(List<Path> checkpoints, StreamConfig config, FrozenSvmFusion fusion)
            throws IOException {
        if (checkpoints.isEmpty()) throw new IOException("no checkpoints to score with");
        List<SequenceTrainer.Trained> members = new ArrayList<>();
        try {
            for (Path folder : checkpoints) members.add(SequenceTrainer.load(folder, SequenceTrainer.Checkpoint.BEST));
        } catch (IOException | RuntimeException e) {
            members.forEach(SequenceTrainer.Trained::close);
            throw e;
        }
        return new TrainedModelScorer(members, config, fusion);
    }

    /** Checkpoints whose scores are averaged (a seed ensemble's members; 1 for one model). */
    public int members() {
        return members.size();
    }

    /** The checkpoints that score, for callers that look inside them (explanations take their gradients). */
    public List<SequenceTrainer.Trained> memberModels() {
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
        List<SequenceSample> sample = List.of(new SequenceSample(own.clip(), ModelTrainingJob.joined(own, streams), 0));
        List<float[][]> scores = new ArrayList<>();
        for (SequenceTrainer.Trained member : members) scores.add(member.scores(sample));
        float[] mean = ScoreFusion.mean(scores)[0];
        return fusion == null ? mean : fusion.fuse(mean, clip.get(1));
    }

    @Override
    public void close() {
        members.forEach(SequenceTrainer.Trained::close);
    }
}
