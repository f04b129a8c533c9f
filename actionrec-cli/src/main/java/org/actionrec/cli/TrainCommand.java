package org.actionrec.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.actionrec.model.pool.StreamPoolModel;
import org.actionrec.modelfile.ModelFile;
import org.actionrec.options.BackboneChoice;
import org.actionrec.options.StreamOptions;
import org.actionrec.recognizer.FrozenRecognizerJob;
import org.actionrec.recognizer.ModelTrainingRun;
import org.actionrec.recognizer.TrainingPreset;
import org.actionrec.train.ModelRecipe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "train", description = "Train a model on one split's training side (extracting any missing inputs "
        + "first), test it on that split and write <out>/model.actionrec. Without --model it trains the best "
        + "recipe measured (--preset best: late fusion over the four streams, 5 seeds, refitted); --preset fast "
        + "trains paper 000's frozen SVM pool in minutes. --model names one trainable model (finetune, nbtl, "
        + "late-fusion, lrcn, temporal-conv, c3d-small), which leaves checkpoints, curves and a report in "
        + "<out>/<model>.")
final class TrainCommand implements Callable<Integer> {
    @Mixin
    JobOptions job;

    @Option(names = "--split", defaultValue = "1", description = "split to train on (default ${DEFAULT-VALUE})")
    int split;

    @Option(names = "--preset", defaultValue = TrainingPreset.BEST, description = "what to train without --model: "
            + "best (the best recipe measured, tens of minutes on 2 cores) or fast (the frozen SVM pool, minutes) "
            + "(default ${DEFAULT-VALUE})")
    String preset;

    @Option(names = "--model", description = "a trainable model instead of the preset: finetune, nbtl, late-fusion, "
            + "lrcn, temporal-conv or c3d-small (frozen: the same as --preset fast)")
    String modelName;

    @Mixin
    TrainedModelOptions trained;

    @Mixin
    BackboneChoice backbone;

    @Mixin
    StreamOptions streams;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        TrainingPreset chosen = TrainingPreset.of(modelName != null && modelName.equalsIgnoreCase("frozen")
                ? TrainingPreset.FAST : preset);
        if (modelName == null && chosen.recipe() == null || "frozen".equalsIgnoreCase(modelName)) {
            return trainPool();
        }
        ModelRecipe recipe = modelName != null ? trained.recipe(modelName) : trained.recipe(chosen.recipe());
        int ensemble = trained.ensemble != null ? trained.ensemble : modelName != null ? 1 : chosen.ensemble();
        boolean refit = trained.refit != null ? trained.refit : modelName == null && chosen.refit();
        if (modelName == null) out.println("training the " + chosen.name() + " preset: " + chosen.description());
        ModelTrainingRun.Outcome outcome = TrainedModels.run(List.of(recipe), List.of(split), job, backbone, trained,
                ensemble, refit, out);
        TrainedModels.write("actionrec " + recipe.model() + ": " + job.data.getFileName() + ", split " + split,
                outcome, List.of(split), job.out.resolve(recipe.model()), out);
        out.println("model: " + outcome.deliver(job.out.resolve(ModelFile.FILE_NAME)));
        return 0;
    }

    /** Paper 000's frozen stream pool on the split's training side. */
    private int trainPool() throws Exception {
        FrozenRecognizerJob j = job.job(streams.config(), List.of(split));
        Path target = job.out.resolve(ModelFile.FILE_NAME);
        StreamPoolModel m;
        try (BackboneChoice.Sessions b = backbone.openSessions()) {
            try (ProgressBar bar = ProgressBars.create("extract", j.dataset().size())) {
                j.extract(b, ProgressBars.listener(bar));
            }
            m = j.trainAndSave(j.features(b.get(0)), split, b.get(0), target);
        }
        spec.commandLine().getOut().printf("model %s: %d classes, streams %s, C %s, fusion weights %s, "
                        + "validation top-1 %.1f%%, temperature %.3f%n", target, m.classes().size(), m.streams(),
                m.training().get("c"), m.fusion().weights(),
                ((Number) m.training().get("validation_fused_top1_pct")).doubleValue(), m.calibration().temperature());
        return 0;
    }
}
