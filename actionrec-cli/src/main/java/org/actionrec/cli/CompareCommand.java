package org.actionrec.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.actionrec.options.BackboneChoice;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "compare", description = "Train and test several models on the same split(s) and write one table "
        + "(Markdown, CSV, JSON) and one chart (PNG) of their test accuracy, training and inference time.")
final class CompareCommand implements Callable<Integer> {
    @Mixin
    JobOptions job;

    @Option(names = "--models", split = ",", defaultValue = "late-fusion,lrcn,temporal-conv,c3d-small,finetune,nbtl",
            description = "models to compare (default ${DEFAULT-VALUE})")
    List<String> models;

    @Option(names = "--splits", split = ",", defaultValue = "1", description = "split numbers (default ${DEFAULT-VALUE})")
    List<Integer> splits;

    @Mixin
    BackboneChoice backbone;

    @Mixin
    TrainedModelOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        List<org.actionrec.train.ModelRecipe> recipes = models.stream().map(options::recipe).toList();
        var outcome = TrainedModels.run(recipes, splits, job, backbone, options,
                options.ensemble == null ? 1 : options.ensemble, Boolean.TRUE.equals(options.refit), out);
        TrainedModels.write("actionrec model comparison: " + job.data.getFileName() + ", splits " + splits, outcome,
                splits, job.out, out);
        return 0;
    }
}
