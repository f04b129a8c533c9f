package org.actionrec.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import org.actionrec.backbone.BackboneOptions;
import org.actionrec.backbone.PooledConvMapBackbone;
import org.actionrec.features.ClipFeatures;
import org.actionrec.recognizer.ModelTrainingJob;
import org.actionrec.report.ModelComparison;
import org.actionrec.report.Provenance;
import org.actionrec.streams.Stream;
import org.actionrec.streams.StreamConfig;
import org.actionrec.train.ModelRecipe;

/** Runs trainable models for train --model and compare: opens each model's input backbone, then the job. */
final class TrainedModels {
    private TrainedModels() {
    }

    /** The test figures of every model and split, the split protocol they come from and why. */
    record Outcome(List<ModelComparison.Entry> entries, String protocol, String protocolReason,
                   Provenance.Dataset dataset) {
    }

    static Outcome run(List<String> models, List<Integer> splits, JobOptions job, BackboneChoice backbone,
                       TrainedModelOptions options, PrintWriter out) throws Exception {
        List<ModelComparison.Entry> entries = new ArrayList<>();
        String protocol = "";
        String protocolReason = null;
        Provenance.Dataset dataset = null;
        ModelTrainingJob.Inputs frozen = null;
        // every model's settings checked before the first one trains
        List<ModelRecipe> recipes = new ArrayList<>();
        List<ModelTrainingJob> jobs = new ArrayList<>();
        for (String model : models) {
            ModelRecipe recipe = options.recipe(model);
            recipes.add(recipe);
            jobs.add(new ModelTrainingJob(new ModelTrainingJob.Config(job.data, job.out, job.store, recipe.model(),
                    recipe.spec(), recipe.training(), job.workers, splits, options.validation, options.nbtlRatio,
                    fuseScoresWith(options), options.ensemble, options.refit, job.source.options())));
        }
        for (int i = 0; i < models.size(); i++) {
            String model = models.get(i);
            ModelRecipe recipe = recipes.get(i);
            ModelTrainingJob trainingJob = jobs.get(i);
            protocol = trainingJob.protocolName();
            protocolReason = trainingJob.protocolReason();
            dataset = Provenance.Dataset.of(trainingJob.dataset().root().toString(), trainingJob.dataset().clips()
                    .stream().map(org.actionrec.dataset.VideoClip::relativeName).toList());
            ModelTrainingJob.Inputs inputs = extract(trainingJob, recipe.streams(), "inputs " + model,
                    inputSessions(recipe, backbone, options));
            Map<String, ClipFeatures> fusion = null;
            StreamConfig descriptors = trainingJob.fusionDescriptorInput(options.fuseWith, options.fuseKeyframes);
            if (descriptors != null) {
                fusion = extract(trainingJob, descriptors, "fusion " + options.fuseWith, backbone.openSessions())
                        .byClip();
            }
            StreamConfig scores = trainingJob.frozenScoreInput(options.fuseKeyframes);
            if (scores != null && frozen == null) { // the same for every model of the run
                frozen = extract(trainingJob, scores, "frozen streams", backbone.openSessions());
            }
            for (int k : splits) {
                try (ProgressBar bar = ProgressBars.create(model + " split " + k, 1)) {
                    List<ModelComparison.Entry> split = trainingJob.runSplit(k, inputs,
                            new ModelTrainingJob.Fusions(fusion, frozen), ProgressBars.listener(bar));
                    entries.addAll(split);
                    for (ModelComparison.Entry e : split) {
                        out.printf("%s split %d: top-1 %.1f%%, mean class accuracy %.1f%%, training %.0f s, "
                                        + "inference %.2f ms/clip %s%n", e.model(), k, e.test().top1Pct(),
                                e.test().meanClassAccuracyPct(), e.trainingSeconds(), e.inferenceMsPerClip(),
                                e.extra());
                    }
                    out.flush();
                }
            }
        }
        return new Outcome(entries, protocol, protocolReason, dataset);
    }

    /** Inputs of the given streams from the store, extracting what is missing with {@code sessions} (closed). */
    private static ModelTrainingJob.Inputs extract(ModelTrainingJob job, StreamConfig streams, String what,
                                                   BackboneChoice.Sessions sessions) throws Exception {
        try (sessions; ProgressBar bar = ProgressBars.create(what, job.dataset().size())) {
            return job.inputs(new ModelTrainingJob.Input(streams, sessions), ProgressBars.listener(bar));
        }
    }

    /** The --fuse-scores-with streams as stream ids, checked. */
    private static List<String> fuseScoresWith(TrainedModelOptions options) {
        return options.fuseScoresWith.stream().map(s -> Stream.parse(s).id()).distinct().toList();
    }

    /** The backbone sessions that make a model's inputs. */
    private static BackboneChoice.Sessions inputSessions(ModelRecipe recipe, BackboneChoice backbone,
                                                        TrainedModelOptions options) throws Exception {
        return switch (recipe.input()) {
            case DESCRIPTORS -> backbone.openSessions();
            case PIXELS -> {
                BackboneChoice.Sessions s = new BackboneChoice.Sessions();
                s.add(recipe.pixelBackbone());
                yield s;
            }
            case CONV_MAPS -> {
                if (options.convMap == null) {
                    throw new IllegalArgumentException("temporal-conv needs --convmap FILE (a backbone giving last "
                            + "conv maps, e.g. mobilenet_v2_convmap.onnx)");
                }
                BackboneChoice.Sessions s = new BackboneChoice.Sessions();
                for (int i = 0; i < Math.max(1, backbone.sessions); i++) {
                    s.add(PooledConvMapBackbone.open(options.convMap, ModelRecipe.CONV_GRID, BackboneOptions.defaults()
                            .withIntraOpThreads(backbone.threads).withPreferredBatchSize(backbone.batch)));
                }
                yield s;
            }
        };
    }

    /** Writes the comparison files into {@code dir} and prints the table. */
    static ModelComparison write(String title, Outcome outcome, List<Integer> splits, Path dir, PrintWriter out)
            throws Exception {
        Provenance provenance = Provenance.now(outcome.dataset(), new Provenance.Split(outcome.protocol(), splits,
                outcome.protocolReason()),
                null, null);
        ModelComparison comparison = new ModelComparison(title, outcome.entries(), provenance);
        comparison.write(dir);
        out.print(comparison.toMarkdown());
        out.printf("%nwritten: %s (and .csv, .json, .png)%n", dir.resolve(ModelComparison.MARKDOWN_FILE));
        return comparison;
    }
}
