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

@Command(name = "train", description = "Train the stream pool on one split's training side (extracting any missing "
        + "descriptors first) and write the model bundle.")
final class TrainCommand implements Callable<Integer> {
    @Mixin
    JobOptions job;

    @Option(names = "--split", defaultValue = "1", description = "split to train on (default ${DEFAULT-VALUE})")
    int split;

    @Option(names = {"-m", "--model"}, description = "bundle to write (default <out>/model.json)")
    Path model;

    @Mixin
    BackboneChoice backbone;

    @Mixin
    StreamOptions streams;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
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
