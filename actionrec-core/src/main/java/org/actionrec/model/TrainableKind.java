package org.actionrec.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.actionrec.backbone.PixelBackbone;
import org.actionrec.streams.StreamConfig;
import org.actionrec.train.ModelRecipe;
import org.actionrec.train.SequenceModels.ModelSpec;
import org.actionrec.train.TrainingConfig;

/**
 * A kind that {@code train} and {@code compare} train on a split's samples with the sequence trainer (the
 * training job hands it the split; {@link #afterTraining} is where a kind does what only it does).
 */
public interface TrainableKind extends ModelKind {
    /** Its paper's settings (CPU-sized where noted). */
    ModelRecipe recipe(Path torchScript);

    /** One line on what is trained, for comparison tables. */
    String describe(ModelSpec spec, TrainingConfig training, double nbtlRatio);

    /** The kind whose checkpoints it trains in (nbtl prunes finetune's, so it trains or reuses them). */
    default String checkpointsOf() {
        return id();
    }

    /** The backbone that stores its input frames where they are pixels (the normalised image at its size). */
    default Optional<PixelBackbone> pixels() {
        return Optional.empty();
    }

    /** Whether its training frames may be mirrored at random (and its test clips scored with their mirrors). */
    default boolean mirrors() {
        return false;
    }

    /** Whether each keyframe is a sample of its own (a fine-tuned backbone scores images) instead of the clip. */
    default boolean samplesPerFrame() {
        return false;
    }

    /** Why this kind cannot be refitted on training and validation clips, or empty where it can. */
    default Optional<String> refitRefusal() {
        return Optional.empty();
    }

    /** Frozen descriptors of another stream that this kind combines with its own (paper 003), or null. */
    default StreamConfig fusionDescriptorInput(String stream, int keyframes) {
        return null;
    }

    /**
     * What only this kind does once a member is trained (NB-TL's pruning, paper 003's L-BFGS fusion): it may
     * replace the member's test and validation scores and add figures and model-file entries.
     */
    default MemberOutcome afterTraining(TrainedMember member) {
        return MemberOutcome.none(member);
    }

    /** JSON entries its model file holds beside the checkpoints (entry name → value), from the members' outcomes. */
    default Map<String, Object> modelFileEntries(List<MemberOutcome> members, double nbtlRatio) {
        return Map.of();
    }
}
