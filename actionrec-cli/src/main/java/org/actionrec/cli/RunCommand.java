package org.actionrec.cli;

import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.actionrec.options.BackboneChoice;
import org.actionrec.options.RunTable;
import org.actionrec.options.StreamOptions;
import org.actionrec.recognizer.FrozenRecognizerJob;
import org.actionrec.report.RunReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "run", description = "The main job: extract descriptors, train the stream pool on every official split, "
        + "evaluate every stream and the fusion, write the report, confusion matrices and the model bundle.")
final class RunCommand implements Callable<Integer> {
    @Mixin
    JobOptions job;

    @Option(names = "--splits", split = ",", description = "split numbers to run (default: all)")
    List<Integer> splits = List.of();

    @Mixin
    BackboneChoice backbone;

    @Mixin
    StreamOptions streams;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        FrozenRecognizerJob job = this.job.job(streams.config(), splits);
        RunReport report;
        try (BackboneChoice.Sessions b = backbone.openSessions(); ProgressBar extract = ProgressBars.create("extract", 1);
                ProgressBar train = ProgressBars.create("train+evaluate", 1)) {
            report = job.run(b, new FrozenRecognizerJob.Listeners(ProgressBars.listener(extract),
                    ProgressBars.listener(train)));
        }
        RunTable.print(spec.commandLine().getOut(), report, this.job.out,
                this.job.out.resolve(FrozenRecognizerJob.MODEL_FILE));
        return 0;
    }
}
