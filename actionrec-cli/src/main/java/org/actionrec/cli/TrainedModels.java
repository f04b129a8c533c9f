package org.actionrec.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import me.tongfei.progressbar.ProgressBar;
import org.actionrec.TaskProgress;
import org.actionrec.backbone.Backbone;
import org.actionrec.backbone.BackboneOptions;
import org.actionrec.options.BackboneChoice;
import org.actionrec.recognizer.ModelTrainingRun;
import org.actionrec.recognizer.TrainingJobConfig;
import org.actionrec.report.ModelComparison;
import org.actionrec.streams.Stream;
import org.actionrec.train.ModelRecipe;

/** train --model and compare: the options become the core's {@link ModelTrainingRun}, whose progress is drawn. */
final class TrainedModels {
    private TrainedModels() {
    }

    /**
     * @param ensemble models per split (seeds seed, seed + 1, ...)
     * @param refit    retrain on training + validation clips for the chosen epochs
     */
    static ModelTrainingRun.Outcome run(List<ModelRecipe> recipes, List<Integer> splits, JobOptions job,
                                        BackboneChoice backbone, TrainedModelOptions options, int ensemble,
                                        boolean refit, PrintWriter out) throws Exception {
        List<TrainingJobConfig> configs = new ArrayList<>();
        for (ModelRecipe recipe : recipes) {
            configs.add(TrainingJobConfig.builder().setData(job.data).setOut(job.out).setStore(job.store)
                    .setRecipe(recipe.model(), recipe.spec(), recipe.training()).setSplits(splits)
                    .optWorkers(job.workers).optValidationFraction(options.validation).optNbtlRatio(options.nbtlRatio)
                    .optFuseScoresWith(options.fuseScoresWith.stream().map(s -> Stream.parse(s).id()).distinct()
                            .toList())
                    .optEnsemble(ensemble).optRefit(refit).optEmbedBackbone(job.embedBackbone)
                    .optDataset(job.source.options()).build());
        }
        ModelTrainingRun run = new ModelTrainingRun(recipes, configs, new ModelTrainingRun.Options(options.fuseWith,
                options.fuseKeyframes, options.convMap, BackboneOptions.defaults().withIntraOpThreads(backbone.threads())
                .withPreferredBatchSize(backbone.batch()), backbone.sessions()));
        return run.run(splits, () -> new ArrayList<Backbone>(backbone.openSessions()), bars(), split -> {
            for (ModelComparison.Entry e : split) {
                out.printf("%s split %d: top-1 %.1f%%, mean class accuracy %.1f%%, training %.0f s, "
                                + "inference %.2f ms/clip %s%n", e.model(), e.split(), e.test().top1Pct(),
                        e.test().meanClassAccuracyPct(), e.trainingSeconds(), e.inferenceMsPerClip(), e.extra());
            }
            out.flush();
        });
    }

    /** One progress bar per task of the run. */
    static TaskProgress bars() {
        return (name, total) -> {
            ProgressBar bar = ProgressBars.create(name, total);
            org.actionrec.ProgressListener listener = ProgressBars.listener(bar);
            return new TaskProgress.Task() {
                @Override
                public void progress(long done, long all, String item) {
                    listener.progress(done, all, item);
                }

                @Override
                public void close() {
                    bar.close();
                }
            };
        };
    }

    /** Writes the comparison files into {@code dir} and prints the table. */
    static ModelComparison write(String title, ModelTrainingRun.Outcome outcome, List<Integer> splits,
                                 java.nio.file.Path dir, PrintWriter out) throws Exception {
        ModelComparison comparison = outcome.comparison(title, splits);
        comparison.write(dir);
        out.print(comparison.toMarkdown());
        out.printf("%nwritten: %s (and .csv, .json, .png)%n", dir.resolve(ModelComparison.MARKDOWN_FILE));
        return comparison;
    }
}
