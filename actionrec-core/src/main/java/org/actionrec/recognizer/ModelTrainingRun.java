package org.actionrec.recognizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.actionrec.TaskProgress;
import org.actionrec.backbone.Backbone;
import org.actionrec.backbone.BackboneException;
import org.actionrec.backbone.BackboneOptions;
import org.actionrec.backbone.BackboneRegistry;
import org.actionrec.backbone.BackboneSpec;
import org.actionrec.backbone.PixelBackbone;
import org.actionrec.dataset.VideoClip;
import org.actionrec.features.ClipFeatures;
import org.actionrec.model.TrainableKind;
import org.actionrec.model.registry.ModelKinds;
import org.actionrec.report.ModelComparison;
import org.actionrec.report.Provenance;
import org.actionrec.streams.StreamConfig;
import org.actionrec.train.ModelRecipe;

/**
 * Trains and tests one or more models on the same splits (train, compare): for each model, its inputs are
 * extracted into the store (with the backbone its recipe reads: descriptors, conv maps or pixels), then the
 * frozen inputs its fusions need, then every split is run. Every model's settings are checked before the
 * first one trains.
 */
public final class ModelTrainingRun {
    /** Opens the sessions of the descriptor backbone ({@code -b}); the caller's options decide how many and how. */
    @FunctionalInterface
    public interface Sessions {
        List<Backbone> open() throws BackboneException;
    }

    /**
     * @param fuseWith      temporal-conv: the stream whose frozen descriptors join its L-BFGS fusion, or null
     * @param fuseKeyframes keyframes of the frozen streams the fusions read
     * @param convMap       the conv-map backbone file temporal-conv reads, or null
     * @param convMapOptions how to run it
     */
    public record Options(String fuseWith, int fuseKeyframes, Path convMap, BackboneOptions convMapOptions,
                          int convMapSessions) {
    }

    /** The test figures of every model and split, the protocol they come from, and the model files written. */
    public record Outcome(List<ModelComparison.Entry> entries, String protocol, String protocolReason,
                          Provenance.Dataset dataset, List<Path> modelFiles) {
        /** The entries as one comparison table, with the data and split they come from. */
        public ModelComparison comparison(String title, List<Integer> splits) {
            return new ModelComparison(title, entries, Provenance.now(dataset, new Provenance.Split(protocol, splits, protocolReason),
                    null, null));
        }

        /**
         * Copies the one model file of a run of one model on one split to {@code target} (train's
         * {@code <out>/model.actionrec}).
         */
        public Path deliver(Path target) throws IOException {
            if (modelFiles.size() != 1) {
                throw new IllegalStateException("a run of " + modelFiles.size() + " model files has no single model");
            }
            java.nio.file.Files.createDirectories(target.toAbsolutePath().getParent());
            java.nio.file.Files.copy(modelFiles.get(0), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return target;
        }
    }

    private final List<ModelRecipe> recipes;
    private final List<ModelTrainingJob> jobs;
    private final Options options;

    /** Builds every model's job (checking its settings and splits) before any trains. */
    public ModelTrainingRun(List<ModelRecipe> recipes, List<TrainingJobConfig> configs, Options options) {
        if (recipes.size() != configs.size() || recipes.isEmpty()) {
            throw new IllegalArgumentException("one job configuration per model recipe");
        }
        this.recipes = List.copyOf(recipes);
        this.jobs = configs.stream().map(ModelTrainingJob::new).toList();
        this.options = options;
        for (ModelRecipe r : recipes) {
            if (r.input() == ModelRecipe.Input.CONV_MAPS && options.convMap() == null) {
                throw new IllegalArgumentException(r.model() + " needs a conv-map backbone file (--convmap, e.g. "
                        + "mobilenet_v2_convmap.onnx)");
            }
        }
    }

    /**
     * Runs every model on the given splits.
     *
     * @param onSplit told each split's entries as soon as they are measured
     */
    public Outcome run(List<Integer> splits, Sessions descriptors, TaskProgress progress,
                       Consumer<List<ModelComparison.Entry>> onSplit)
            throws IOException, BackboneException, InterruptedException {
        List<ModelComparison.Entry> entries = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        ModelTrainingJob.Inputs frozen = null;
        String protocol = "";
        String protocolReason = null;
        Provenance.Dataset dataset = null;
        for (int i = 0; i < jobs.size(); i++) {
            ModelTrainingJob job = jobs.get(i);
            ModelRecipe recipe = recipes.get(i);
            protocol = job.labelledDataset().protocol().name();
            protocolReason = job.labelledDataset().why();
            dataset = Provenance.Dataset.of(job.dataset().root().toString(),
                    job.dataset().clips().stream().map(VideoClip::relativeName).toList());
            ModelTrainingJob.Inputs inputs = extract(job, recipe.streams(), "inputs " + recipe.model(),
                    inputSessions(recipe, descriptors), progress);
            Map<String, ClipFeatures> fusion = null;
            StreamConfig joined = job.fusionDescriptorInput(options.fuseWith(), options.fuseKeyframes());
            if (joined != null) {
                fusion = extract(job, joined, "fusion " + options.fuseWith(), descriptors.open(), progress).byClip();
            }
            StreamConfig scores = job.frozenScoreInput(options.fuseKeyframes());
            if (scores != null && frozen == null) { // the same for every model of the run
                frozen = extract(job, scores, "frozen streams", descriptors.open(), progress);
            }
            for (int k : splits) {
                List<ModelComparison.Entry> split;
                try (TaskProgress.Task task = progress.start(recipe.model() + " split " + k, 1)) {
                    split = job.runSplit(k, inputs, new ModelTrainingJob.Fusions(fusion, frozen), task);
                }
                entries.addAll(split);
                files.add(job.modelFile(k));
                onSplit.accept(split);
            }
        }
        return new Outcome(entries, protocol, protocolReason, dataset, files);
    }

    /** Inputs of the given streams from the store, extracting what is missing with {@code sessions} (closed). */
    private static ModelTrainingJob.Inputs extract(ModelTrainingJob job, StreamConfig streams, String what,
                                                   List<Backbone> sessions, TaskProgress progress)
            throws IOException, BackboneException, InterruptedException {
        try (TaskProgress.Task task = progress.start(what, job.dataset().size())) {
            return job.inputs(new ModelTrainingJob.Input(streams, sessions), task);
        } finally {
            sessions.forEach(Backbone::close);
        }
    }

    /** The backbone sessions that make a model's inputs. */
    private List<Backbone> inputSessions(ModelRecipe recipe, Sessions descriptors) throws BackboneException {
        TrainableKind kind = ModelKinds.trainable(recipe.model());
        Optional<PixelBackbone> pixels = kind.pixels();
        if (pixels.isPresent()) return List.of(pixels.get());
        if (recipe.input() == ModelRecipe.Input.DESCRIPTORS) return descriptors.open();
        List<Backbone> s = new ArrayList<>();
        try {
            BackboneSpec spec = BackboneRegistry.standard().forFile(options.convMap()).orElseThrow(() ->
                    new IllegalArgumentException("cannot tell the backbone of " + options.convMap() + " from its name"));
            for (int i = 0; i < Math.max(1, options.convMapSessions()); i++) {
                s.add(kind.openBackbone(options.convMap(), spec, options.convMapOptions()));
            }
        } catch (BackboneException | RuntimeException e) {
            s.forEach(Backbone::close);
            throw e;
        }
        return s;
    }
}
