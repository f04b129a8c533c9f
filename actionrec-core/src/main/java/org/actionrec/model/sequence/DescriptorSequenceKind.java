package org.actionrec.model.sequence;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Function;
import org.actionrec.model.ClipScorer;
import org.actionrec.model.TrainableKind;
import org.actionrec.model.trained.TrainedCheckpoints;
import org.actionrec.modelfile.ModelArchive;
import org.actionrec.streams.StreamConfig;
import org.actionrec.train.ModelRecipe;
import org.actionrec.train.SequenceModels.ModelSpec;
import org.actionrec.train.SequenceModels;
import org.actionrec.train.TrainingConfig;

/**
 * Sequence models on frozen frame descriptors of any streams: {@code late-fusion} (paper 004: a shared layer per
 * frame, pooled) and {@code lrcn} (papers 001 and 004: an LSTM). Explained by Grad-CAM through the checkpoints.
 */
public final class DescriptorSequenceKind implements TrainableKind {
    private final String id;
    private final TrainingConfig defaults;
    private final Function<ModelSpec, String> what;

    private DescriptorSequenceKind(String id, TrainingConfig defaults, Function<ModelSpec, String> what) {
        this.id = id;
        this.defaults = defaults;
        this.what = what;
    }

    /** paper 001: lr 1e-4; epochs capped at 60 (the paper runs 120) with early stopping. */
    public static DescriptorSequenceKind lrcn() {
        return new DescriptorSequenceKind(SequenceModels.LRCN, TrainingConfig.adam(60, 1e-4f, 15),
                s -> (s.bidirectional() ? "bi" : "") + "LSTM " + s.hiddenSize() + ", " + pooling(s) + " state");
    }

    /** paper 004 gives no rates for its late fusion: Adam 1e-3 as usual for a head on frozen features. */
    public static DescriptorSequenceKind lateFusion() {
        return new DescriptorSequenceKind(SequenceModels.LATE_FUSION, TrainingConfig.adam(40, 1e-3f, 10),
                s -> "shared FC " + s.hiddenSize() + ", " + pooling(s) + " over frames");
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public ModelRecipe.Input input() {
        return ModelRecipe.Input.DESCRIPTORS;
    }

    @Override
    public ModelRecipe recipe(Path torchScript) {
        return new ModelRecipe(id, ModelSpec.of(id), defaults, input(), 16,
                StreamConfig.RGB_ONLY.withKeyframes(16), ModelRecipe.StreamRule.ANY);
    }

    @Override
    public String describe(ModelSpec s, TrainingConfig t, double nbtlRatio) {
        return what.apply(s);
    }

    private static String pooling(ModelSpec s) {
        return s.pooling().name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public ClipScorer open(ModelArchive archive) throws IOException {
        return TrainedCheckpoints.scorer(archive, null);
    }
}
