package org.actionrec.train;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import org.actionrec.backbone.PixelBackbone;
import org.actionrec.streams.Stream;
import org.actionrec.streams.StreamConfig;
import org.actionrec.train.SequenceModels.ModelSpec;
import org.actionrec.train.TrainingConfig.LrSchedule;
import org.actionrec.train.TrainingConfig.OptimizerKind;

/**
 * What a trainable model reads and how it is trained by default, with its paper's settings where the paper
 * gives them (and CPU-sized choices where it does not, noted per model).
 *
 * @param model  a {@link SequenceModels} name or {@code nbtl}
 * @param input  what each frame becomes before the model
 * @param frames frames per clip (keyframes for finetune)
 * @param streams the streams read (descriptor models and finetune; pixels and conv maps are rgb)
 */
public record ModelRecipe(String model, ModelSpec spec, TrainingConfig training, Input input, int frames,
                          StreamConfig streams) {
    public ModelRecipe {
        if (spec.mirror() && streams.streams().contains(Stream.FLOW_X)) {
            // a mirrored flow_x image is not the flow of the mirrored video: its sign would have to flip too
            throw new IllegalArgumentException("mirroring applies to rgb, flow_y and mhi images, not flow_x");
        }
    }

    /** Backbone descriptors, pooled last conv maps, or the normalised pixels themselves. */
    public enum Input { DESCRIPTORS, CONV_MAPS, PIXELS }

    public static final String NBTL = "nbtl";
    public static final List<String> NAMES = List.of("finetune", NBTL, "late-fusion", "lrcn", "temporal-conv",
            "c3d-small");
    /** Side of c3d-small's frames, centre-cropped after resizing the shorter side to {@link #C3D_RESIZE}. */
    public static final int C3D_SIDE = 64;
    public static final int C3D_RESIZE = 72;
    /** finetune's frames: the ImageNet 224 crop of the 256-resized frame, as its backbone was trained on. */
    public static final int FINETUNE_SIDE = 224;
    public static final int FINETUNE_RESIZE = 256;
    /** Grid temporal-conv's conv maps are averaged to. */
    public static final int CONV_GRID = 3;

    /** What model {@code name} reads: stored frame descriptors, conv maps or pixels. */
    public static Input inputOf(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "lrcn", "late-fusion" -> Input.DESCRIPTORS;
            case "temporal-conv" -> Input.CONV_MAPS;
            case "c3d-small", "finetune", NBTL -> Input.PIXELS;
            default -> throw new IllegalArgumentException("unknown model '" + name + "', known: " + NAMES);
        };
    }

    /**
     * The defaults of {@code name}. finetune and nbtl need the TorchScript backbone to start from.
     *
     * @param torchScript finetune's backbone file; may be null for the other models
     */
    public static ModelRecipe defaults(String name, Path torchScript) {
        String key = name.toLowerCase(Locale.ROOT);
        StreamConfig rgb = StreamConfig.RGB_ONLY;
        return switch (key) {
            // paper 001: lr 1e-4; epochs capped at 60 (the paper runs 120) with early stopping
            case "lrcn" -> new ModelRecipe(key, ModelSpec.of(key), adam(60, 1e-4f, 15), inputOf(key), 16,
                    rgb.withKeyframes(16));
            // paper 004 gives no rates for its late fusion: Adam 1e-3 as usual for a head on frozen features
            case "late-fusion" -> new ModelRecipe(key, ModelSpec.of(key), adam(40, 1e-3f, 10), inputOf(key),
                    16, rgb.withKeyframes(16));
            // paper 003: dropout 0.5 on the FC layers; its SGD (momentum 0.9, lr 0.01) diverged here on the
            // unnormalised conv maps (chance accuracy), so Adam 1e-4; 16 frames, not 30, on two cores
            case "temporal-conv" -> new ModelRecipe(key, ModelSpec.of(key), adam(30, 1e-4f, 8), inputOf(key), 16,
                    rgb.withKeyframes(16));
            // paper 001: two 3D convs, two pools, FC 2048 x2, lr 1e-4; 64x64 frames, not 90x120, and 8 epochs,
            // not 120 (an epoch takes about 30 s on two cores)
            case "c3d-small" -> new ModelRecipe(key, ModelSpec.of(key), adam(8, 1e-4f, 8), inputOf(key), 16,
                    rgb.withKeyframes(16));
            // paper 002: SGD momentum 0.9, weight decay 5e-4, lr 0.01 for the new layers, 0.001 for the backbone
            case "finetune", NBTL -> {
                if (torchScript == null) {
                    throw new IllegalArgumentException(key + " needs a TorchScript backbone file to fine-tune");
                }
                yield new ModelRecipe(key, ModelSpec.forFinetuning(torchScript),
                        // 2 epochs after the head warm-up: one takes about 45 s on two cores; 5 were no better
                        // on JHMDB (mean of 3 splits 48.5% against 48.3%; fused with the SVM pool 55.5 vs 57.4)
                        new TrainingConfig(2, 32, OptimizerKind.SGD, 0.01f, 0.9f, 5e-4f, LrSchedule.none(), 0.5f, 2,
                                42L), inputOf(key), 5, rgb);
            }
            default -> throw new IllegalArgumentException("unknown model '" + name + "', known: " + NAMES);
        };
    }

    private static TrainingConfig adam(int epochs, float rate, int patience) {
        return new TrainingConfig(epochs, 16, OptimizerKind.ADAM, rate, 0.9f, 1e-4f, LrSchedule.none(), 0.5f,
                patience, 42L);
    }

    /** The identity backbone that stores this model's input frames (c3d-small's small ones, finetune's 224). */
    public PixelBackbone pixelBackbone() {
        if (input != Input.PIXELS) throw new IllegalStateException(model + " does not read pixels");
        return spec.name().equals(SequenceModels.C3D_SMALL) ? new PixelBackbone(C3D_SIDE, C3D_RESIZE)
                : new PixelBackbone(FINETUNE_SIDE, FINETUNE_RESIZE);
    }

    public ModelRecipe withSpec(ModelSpec s) {
        return new ModelRecipe(model, s, training, input, frames, streams);
    }

    public ModelRecipe withTraining(TrainingConfig t) {
        return new ModelRecipe(model, spec, t, input, frames, streams);
    }

    /** Frames per clip; the stream config follows. */
    public ModelRecipe withFrames(int n) {
        return new ModelRecipe(model, spec, training, input, n, streams.withKeyframes(n));
    }

    /** The streams read: any for descriptor models, one for finetune, rgb only for pixels and conv maps. */
    public ModelRecipe withStreams(EnumSet<Stream> chosen) {
        boolean finetune = spec.name().equals(SequenceModels.FINETUNE);
        if (!finetune && input != Input.DESCRIPTORS && !chosen.equals(EnumSet.of(Stream.RGB))) {
            throw new IllegalArgumentException(model + " reads rgb frames only");
        }
        if (finetune && chosen.size() != 1) {
            throw new IllegalArgumentException(model + " fine-tunes on one stream at a time, got " + chosen);
        }
        return new ModelRecipe(model, spec, training, input, frames, streams.withStreams(chosen));
    }
}
