package org.actionrec.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.actionrec.eval.EvaluationSummary;
import org.actionrec.recognizer.FrozenRecognizerJob;
import org.actionrec.report.RunReport;
import org.actionrec.report.SplitResult;
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
        print(spec.commandLine().getOut(), report, this.job.out, this.job.out.resolve(FrozenRecognizerJob.MODEL_FILE));
        return 0;
    }

    static void print(PrintWriter w, RunReport report, Path out, Path model) {
        w.println(report.title());
        w.printf("%-10s", "top-1 %");
        for (SplitResult s : report.splits()) {
            w.printf(" %8s", "split" + s.split());
        }
        w.printf(" %8s%n", "mean");
        for (var e : report.meanOverSplits().entrySet()) {
            w.printf("%-10s", e.getKey());
            for (SplitResult s : report.splits()) {
                EvaluationSummary v = s.streams().get(e.getKey());
                w.printf(" %8s", v == null ? "-" : String.format("%.1f", v.top1Pct()));
            }
            w.printf(" %8.1f%n", e.getValue().top1Pct());
        }
        w.printf("failures %d; timings %s%n", report.failureCount(), report.timingsSeconds());
        w.printf("report: %s, %s%s%n", out.resolve(RunReport.MARKDOWN_FILE), out.resolve(RunReport.JSON_FILE),
                model == null ? "" : "; model: " + model);
    }
}
