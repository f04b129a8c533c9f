package org.actionrec.model.c3d;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.actionrec.backbone.PixelBackbone;
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
 * Paper 001's small 3D CNN, trained from scratch on {@value #SIDE}×{@value #SIDE} frames (the centre crop of the
 * frame resized to {@value #RESIZE}): its input is the normalised pixels themselves, so it needs no backbone file.
 */
public final class C3dSmallKind implements TrainableKind {
    public static final int SIDE = 64;
    public static final int RESIZE = 72;

    @Override
    public String id() {
        return SequenceModels.C3D_SMALL;
    }

    @Override
    public ModelRecipe.Input input() {
        return ModelRecipe.Input.PIXELS;
    }

    /**
     * paper 001: two 3D convs, two pools, FC 2048 x2, lr 1e-4; 64x64 frames, not 90x120, and 8 epochs, not 120
     * (an epoch takes about 30 s on two cores).
     */
    @Override
    public ModelRecipe recipe(Path torchScript) {
        return new ModelRecipe(id(), ModelSpec.of(id()), TrainingConfig.adam(8, 1e-4f, 8), input(), 16,
                StreamConfig.RGB_ONLY.withKeyframes(16), ModelRecipe.StreamRule.RGB_ONLY);
    }

    @Override
    public Optional<PixelBackbone> pixels() {
        return Optional.of(new PixelBackbone(SIDE, RESIZE));
    }

    @Override
    public String describe(ModelSpec s, TrainingConfig t, double nbtlRatio) {
        return "3D CNN from scratch, FC " + s.hiddenSize() + "x2";
    }

    @Override
    public ClipScorer open(ModelArchive archive) throws IOException {
        return TrainedCheckpoints.scorer(archive, "a c3d-small model learns from pixels, with no pretrained backbone "
                + "whose conv maps explanations decompose; explanations are given for the stream pool, late-fusion, "
                + "lrcn, finetune and nbtl models");
    }
}
