package org.actionrec.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
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
import org.actionrec.train.SequenceModels;

/** Runs trainable models for train --model and compare: opens each model's input backbone, then the job. */
final class TrainedModels {
    private TrainedModels() {
    }

    /** The test figures of every model and split, and the split protocol they come from. */
    record Outcome(List<ModelComparison.Entry> entries, String protocol, Provenance.Dataset dataset) {
    }

    static Outcome run(List<String> models, List<Integer> splits, JobOptions job, BackboneChoice backbone,
                       TrainedModelOptions options, PrintWriter out) throws Exception {
        List<ModelComparison.Entry> entries = new ArrayList<>();
        String protocol = "";
        Provenance.Dataset dataset = null;
        ModelTrainingJob.Inputs frozen = null;
        if (options.refit && models.contains(ModelRecipe.NBTL)) { // before any model trains
            throw new IllegalArgumentException("--refit does not apply to nbtl: it prunes with the validation "
                    + "frames, which a refitted model has trained on");
        }
        for (String model : models) {
            ModelRecipe recipe = options.recipe(model);
            ModelTrainingJob trainingJob = new ModelTrainingJob(new ModelTrainingJob.Config(job.data, job.out,
                    job.store, recipe.model(), recipe.spec(), recipe.training(), job.workers, splits,
                    options.validation, options.nbtlRatio, fuseScoresWith(options), options.ensemble,
                    options.refit));
            protocol = trainingJob.protocolName();
            dataset = Provenance.Dataset.of(trainingJob.dataset().root().toString(), trainingJob.dataset().clips()
                    .stream().map(org.actionrec.dataset.VideoClip::relativeName).toList());
            ModelTrainingJob.Inputs inputs;
            Map<String, ClipFeatures> fusion = null;
            try (BackboneChoice.Sessions sessions = inputSessions(recipe, backbone, options);
                 ProgressBar bar = ProgressBars.create("inputs " + model, trainingJob.dataset().size())) {
                inputs = trainingJob.inputs(new ModelTrainingJob.Input(recipe.streams(), sessions),
                        ProgressBars.listener(bar));
            }
            if (options.fuseWith != null && recipe.spec().name().equals(SequenceModels.TEMPORAL_CONV)) {
                try (BackboneChoice.Sessions sessions = backbone.openSessions()) {
                    StreamConfig other = StreamConfig.ALL_STREAMS.withKeyframes(options.fuseKeyframes)
                            .withStreams(EnumSet.of(Stream.parse(options.fuseWith)));
                    try (ProgressBar bar = ProgressBars.create("fusion " + options.fuseWith,
                            trainingJob.dataset().size())) {
                        fusion = trainingJob.inputs(new ModelTrainingJob.Input(other, sessions),
                                ProgressBars.listener(bar)).byClip();
                    }
                }
            }
            if (!options.fuseScoresWith.isEmpty() && frozen == null) {
                // the main job's streams and store, so descriptors `run -k K` extracted are reused
                try (BackboneChoice.Sessions sessions = backbone.openSessions();
                     ProgressBar bar = ProgressBars.create("frozen streams", trainingJob.dataset().size())) {
                    frozen = trainingJob.inputs(new ModelTrainingJob.Input(
                            StreamConfig.ALL_STREAMS.withKeyframes(options.fuseKeyframes), sessions),
                            ProgressBars.listener(bar));
                }
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
        return new Outcome(entries, protocol, dataset);
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
        Provenance provenance = Provenance.now(outcome.dataset(), new Provenance.Split(outcome.protocol(), splits),
                null, null);
        ModelComparison comparison = new ModelComparison(title, outcome.entries(), provenance);
        comparison.write(dir);
        out.print(comparison.toMarkdown());
        out.printf("%nwritten: %s (and .csv, .json, .png)%n", dir.resolve(ModelComparison.MARKDOWN_FILE));
        return comparison;
    }
}
