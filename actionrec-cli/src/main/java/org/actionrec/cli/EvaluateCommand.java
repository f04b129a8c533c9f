package org.actionrec.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.actionrec.features.ExtractionResult;
import org.actionrec.model.pool.StreamPoolKind;
import org.actionrec.model.pool.StreamPoolModel;
import org.actionrec.modelfile.ModelArchive;
import org.actionrec.modelfile.ModelFile;
import org.actionrec.options.BackboneChoice;
import org.actionrec.options.RunTable;
import org.actionrec.recognizer.FrozenRecognizerJob;
import org.actionrec.report.RunReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "evaluate", description = "Evaluate a model bundle on one split's test side: every stream and the fusion; "
        + "writes report.md, report.json and the confusion matrices.")
final class EvaluateCommand implements Callable<Integer> {
    @Mixin
    JobOptions job;

    @Option(names = "--split", defaultValue = "1", description = "split whose test side to evaluate on (default ${DEFAULT-VALUE})")
    int split;

    @Option(names = {"-m", "--model"}, required = true, description = "model file of a stream pool (model.actionrec "
            + "written by run or train --preset fast)")
    Path model;

    @Mixin
    BackboneChoice backbone;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        StreamPoolModel m;
        try (ModelArchive archive = ModelFile.open(model)) {
            m = StreamPoolKind.readPool(archive);
        }
        FrozenRecognizerJob j = job.job(m.streamConfig(), List.of(split));
        RunReport report;
        try (BackboneChoice.Sessions b = backbone.openSessions()) {
            m.requireBackbone(b.get(0).info());
            ExtractionResult e;
            try (ProgressBar bar = ProgressBars.create("extract", j.dataset().size())) {
                e = j.extract(b, ProgressBars.listener(bar));
            }
            var results = List.of(j.evaluate(m, j.features(b.get(0)), split));
            report = j.writeReport(results, Map.of(), e.failures(), m.featureSettings(), b.get(0), List.of(split),
                    Map.of("model", model.toString()));
        }
        RunTable.print(spec.commandLine().getOut(), report, job.out, null);
        return 0;
    }
}
