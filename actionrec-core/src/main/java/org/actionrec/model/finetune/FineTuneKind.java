package org.actionrec.model.finetune;

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
 * Paper 002's fine-tuning: the TorchScript backbone trained with a new head on keyframe images (each keyframe a
 * sample; a clip's score the mean over its keyframes). Its input is the ImageNet crop of the frame
 * ({@value #SIDE} from {@value #RESIZE}), and the fine-tuned network travels in the model file.
 */
public class FineTuneKind implements TrainableKind {
    public static final int SIDE = 224;
    public static final int RESIZE = 256;

    @Override
    public String id() {
        return SequenceModels.FINETUNE;
    }

    @Override
    public ModelRecipe.Input input() {
        return ModelRecipe.Input.PIXELS;
    }

    /**
     * paper 002: SGD momentum 0.9, weight decay 5e-4, lr 0.01 for the new layers, 0.001 for the backbone; 2 epochs
     * after the head warm-up: one takes about 45 s on two cores; 5 were no better on JHMDB (mean of 3 splits 48.5%
     * against 48.3%; fused with the SVM pool 55.5 vs 57.4).
     */
    @Override
    public ModelRecipe recipe(Path torchScript) {
        if (torchScript == null) {
            throw new IllegalArgumentException(id() + " needs a TorchScript backbone file to fine-tune");
        }
        return new ModelRecipe(id(), ModelSpec.forFinetuning(torchScript),
                new TrainingConfig(2, 32, TrainingConfig.OptimizerKind.SGD, 0.01f, 0.9f, 5e-4f,
                        TrainingConfig.LrSchedule.none(), 0.5f, 2, 42L), input(), 5, StreamConfig.RGB_ONLY,
                ModelRecipe.StreamRule.ONE);
    }

    @Override
    public String describe(ModelSpec s, TrainingConfig t, double nbtlRatio) {
        return "fine-tuned backbone (rate x" + s.backboneRateFactor() + "), FC " + s.hiddenSize();
    }

    @Override
    public String checkpointsOf() {
        return SequenceModels.FINETUNE;
    }

    @Override
    public boolean mirrors() {
        return true;
    }

    @Override
    public boolean samplesPerFrame() {
        return true;
    }

    @Override
    public Optional<PixelBackbone> pixels() {
        return Optional.of(new PixelBackbone(SIDE, RESIZE));
    }

    @Override
    public ClipScorer open(ModelArchive archive) throws IOException {
        return FineTunedModelScorer.open(TrainedCheckpoints.folders(archive), archive.manifest().streamConfig(),
                pruning(archive));
    }

    /** The neurons NB-TL dropped, or null for a plain fine-tuned model. */
    NbtlPruning pruning(ModelArchive archive) throws IOException {
        return null;
    }
}
