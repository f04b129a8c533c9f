package org.actionrec.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.actionrec.recognizer.FrozenRecognizerJob;
import org.actionrec.recognizer.StreamPoolModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "train", description = "Train a model on one split's training side (extracting any missing inputs "
        + "first). --model frozen (default) trains paper 000's stream pool of SVMs and writes its bundle; the "
        + "trainable models (finetune, nbtl, late-fusion, lrcn, temporal-conv, c3d-small) are also tested on the "
        + "split and leave checkpoints, curves and a report in <out>/<model>.")
final class TrainCommand implements Callable<Integer> {
    @Mixin
    JobOptions job;

    @Option(names = "--split", defaultValue = "1", description = "split to train on (default ${DEFAULT-VALUE})")
    int split;

    @Option(names = "--model", defaultValue = "frozen", description = "frozen, finetune, nbtl, late-fusion, lrcn, "
            + "temporal-conv or c3d-small (default ${DEFAULT-VALUE})")
    String modelName;

    @Option(names = {"-o", "--bundle"}, description = "frozen: bundle to write (default <out>/model.json)")
    Path model;

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
        if (!modelName.equalsIgnoreCase("frozen")) {
            var out = spec.commandLine().getOut();
            TrainedModels.Outcome outcome = TrainedModels.run(List.of(modelName), List.of(split), job, backbone,
                    trained, out);
            TrainedModels.write("actionrec " + modelName + ": " + job.data.getFileName() + ", split " + split,
                    outcome, List.of(split), job.out.resolve(modelName), out);
            return 0;
        }
        FrozenRecognizerJob j = job.job(streams.config(), List.of(split));
        Path target = model != null ? model : job.out.resolve(FrozenRecognizerJob.MODEL_FILE);
        StreamPoolModel m;
        try (BackboneChoice.Sessions b = backbone.openSessions()) {
            try (ProgressBar bar = ProgressBars.create("extract", j.dataset().size())) {
                j.extract(b, ProgressBars.listener(bar));
            }
            m = j.train(j.features(b.get(0)), split, b.get(0));
        }
        m.save(target);
        spec.commandLine().getOut().printf("model %s: %d classes, streams %s, C %s, fusion weights %s, "
                        + "validation top-1 %.1f%%%n", target, m.classes().size(), m.streams(), m.training().get("c"),
                m.fusion().weights(), ((Number) m.training().get("validation_fused_top1_pct")).doubleValue());
        return 0;
    }
}
