package org.actionrec.recognizer;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import org.actionrec.model.registry.ModelKinds;
import org.actionrec.streams.Stream;
import org.actionrec.train.ModelRecipe;
import org.actionrec.train.TrainingConfig;

/**
 * What {@code train} trains when no model is named: the best recipe measured on JHMDB ({@link #BEST}), or the
 * fast frozen SVM pool of paper 000 ({@link #FAST}, which has no recipe: {@link #recipe} is null).
 *
 * @param ensemble models per split with seeds seed, seed + 1, ..., their scores averaged
 * @param refit    whether each is retrained on training + validation clips for its chosen epoch count
 */
public record TrainingPreset(String name, String description, ModelRecipe recipe, int ensemble, boolean refit) {
    public static final String BEST = "best";
    public static final String FAST = "fast";
    public static final List<String> NAMES = List.of(BEST, FAST);

    /**
     * Late fusion (paper 004) over the four streams' descriptors joined per frame, 15 frames, FC 1024, Adam
     * 3e-4, up to 80 epochs with patience 20, 5 seeds, each refitted: 63.9% mean top-1 over JHMDB's 3 splits
     * with MobileNetV2, against 59.2% for the best frozen pool (docs/RESULTS.md).
     */
    public static TrainingPreset best() {
        ModelRecipe r = ModelKinds.trainable("late-fusion").recipe(null).withStreams(EnumSet.allOf(Stream.class))
                .withFrames(15);
        r = r.withSpec(r.spec().withHiddenSize(1024));
        r = r.withTraining(r.training().withOptimizer(TrainingConfig.OptimizerKind.ADAM, 3e-4f).withEpochs(80)
                .withPatience(20));
        return new TrainingPreset(BEST, "late fusion over rgb, flow_x, flow_y and mhi descriptors (15 frames, "
                + "FC 1024, Adam 3e-4, up to 80 epochs, patience 20), 5 seeds averaged, each refitted on training "
                + "+ validation clips", r, 5, true);
    }

    /** Paper 000's frozen SVM pool on 5 keyframes of the four streams: minutes, not tens of minutes. */
    public static TrainingPreset fast() {
        return new TrainingPreset(FAST, "paper 000's frozen-feature SVM pool (5 keyframes, 4 streams)", null, 1,
                false);
    }

    public static TrainingPreset of(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case BEST -> best();
            case FAST -> fast();
            default -> throw new IllegalArgumentException("unknown preset '" + name + "', known: " + NAMES);
        };
    }
}
