package org.actionrec.cli;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import org.actionrec.model.registry.ModelKinds;
import org.actionrec.streams.Stream;
import org.actionrec.train.ModelRecipe;
import org.actionrec.train.TrainingConfig;
import picocli.CommandLine.Option;

/** Options of the trainable models (train --model, compare): each overrides the model's own default. */
final class TrainedModelOptions {
    @Option(names = "--torchscript", description = "TorchScript backbone that finetune and nbtl start from "
            + "(e.g. mobilenet_v2_features.pt)")
    Path torchScript;

    @Option(names = "--convmap", description = "backbone file giving last conv maps, for temporal-conv "
            + "(e.g. mobilenet_v2_convmap.onnx)")
    Path convMap;

    @Option(names = "--fuse-with", description = "temporal-conv: also fuse its clip descriptors with this stream's "
            + "frozen descriptors (--fuse-keyframes, -b backbone) by an L-BFGS softmax (paper 003), e.g. mhi")
    String fuseWith;

    @Option(names = "--fuse-scores-with", split = ",", description = "also fuse each model's clip scores with "
            + "frozen-descriptor SVMs of these streams (--fuse-keyframes, -b backbone, the store `run` fills), weights "
            + "and C chosen on validation (paper 000's average pooling of scores), e.g. flow_x,flow_y,mhi; adds a "
            + "row per model")
    List<String> fuseScoresWith = List.of();

    @Option(names = "--fuse-keyframes", defaultValue = "5", description = "uniform keyframes per clip of the frozen "
            + "streams that --fuse-with and --fuse-scores-with read (default ${DEFAULT-VALUE}, paper 000's; "
            + "`run -k` with the same value fills the same store)")
    int fuseKeyframes;

    @Option(names = "--model-streams", split = ",", description = "streams a descriptor model reads, joined per frame "
            + "(default rgb); finetune/nbtl take one")
    List<String> streams;

    @Option(names = "--frames", description = "frames per clip (default: the model's, 16; finetune 5 keyframes)")
    Integer frames;

    @Option(names = "--epochs", description = "epochs (default: the model's)")
    Integer epochs;

    @Option(names = "--lr", description = "learning rate (default: the model's)")
    Float learningRate;

    @Option(names = "--optimizer", description = "adam or sgd (default: the model's)")
    String optimizer;

    @Option(names = "--batch-size", description = "clips (finetune: frames) per mini-batch (default: the model's)")
    Integer batchSize;

    @Option(names = "--patience", description = "epochs without a better validation accuracy before stopping; 0 never")
    Integer patience;

    @Option(names = "--hidden", description = "LSTM state / fully connected width (default: the model's)")
    Integer hidden;

    @Option(names = "--seed", description = "seed of initialisation, order, dropout and the validation split (default 42)")
    Long seed;

    @Option(names = "--ensemble", description = "models trained per split with seeds seed, seed + 1, ... (same "
            + "validation split), their class scores averaged (default 1, the best preset 5; the first reuses a "
            + "single model's checkpoints)")
    Integer ensemble;

    @Option(names = "--refit", negatable = true, description = "once validation has chosen the best epoch count, "
            + "train each model again on training + validation clips for that many epochs and test it (as the frozen "
            + "SVMs are retrained on both); not for nbtl (default off, on in the best preset)")
    Boolean refit;

    @Option(names = "--validation", defaultValue = "0.2", description = "share of the training side kept for "
            + "validation, whole groups (default ${DEFAULT-VALUE})")
    double validation;

    @Option(names = "--nbtl-ratio", defaultValue = "0.1", description = "nbtl: share of each of the last two "
            + "layers' neurons that may be dropped (default ${DEFAULT-VALUE}, paper 002)")
    double nbtlRatio;

    @Option(names = "--mirror", negatable = true, description = "finetune/nbtl: flip training frames left-right at "
            + "random and score clips with their mirror images too (default off; rgb, flow_y or mhi: a mirrored flow_x image "
            + "would need its sign flipped)")
    Boolean mirror;

    /** The model's defaults with the options given here applied. */
    ModelRecipe recipe(String model) {
        return recipe(ModelKinds.trainable(model).recipe(torchScript));
    }

    /** A recipe with the options given here applied. */
    ModelRecipe recipe(ModelRecipe base) {
        ModelRecipe r = base;
        if (frames != null) r = r.withFrames(frames);
        if (streams != null && !streams.isEmpty()) {
            EnumSet<Stream> set = EnumSet.noneOf(Stream.class);
            streams.forEach(s -> set.add(Stream.parse(s)));
            r = r.withStreams(set);
        }
        if (hidden != null) r = r.withSpec(r.spec().withHiddenSize(hidden));
        if (mirror != null && ModelKinds.trainable(r.model()).mirrors()) {
            r = r.withSpec(r.spec().withMirror(mirror)); // compare may list other models beside it
        }
        TrainingConfig t = r.training();
        if (epochs != null) t = t.withEpochs(epochs);
        if (optimizer != null || learningRate != null) {
            TrainingConfig.OptimizerKind kind = optimizer == null ? t.optimizer()
                    : TrainingConfig.OptimizerKind.valueOf(optimizer.toUpperCase(Locale.ROOT));
            t = t.withOptimizer(kind, learningRate == null ? t.learningRate() : learningRate);
        }
        if (batchSize != null) t = t.withBatchSize(batchSize);
        if (patience != null) t = t.withPatience(patience);
        if (seed != null) t = t.withSeed(seed);
        return r.withTraining(t);
    }
}
