package org.actionrec.recognizer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.actionrec.ProgressListener;
import org.actionrec.backbone.Backbone;
import org.actionrec.backbone.BackboneException;
import org.actionrec.dataset.DatasetOptions;
import org.actionrec.dataset.DatasetSource;
import org.actionrec.dataset.GroupSafeValidation;
import org.actionrec.dataset.LabelledDataset;
import org.actionrec.dataset.Split;
import org.actionrec.dataset.SplitProtocol;
import org.actionrec.dataset.VideoClip;
import org.actionrec.dataset.VideoDataset;
import org.actionrec.eval.CalibrationMetrics;
import org.actionrec.eval.CalibrationSummary;
import org.actionrec.eval.ConfusionMatrixWriter;
import org.actionrec.eval.ReliabilityDiagramWriter;
import org.actionrec.head.TemperatureScaling;
import org.actionrec.eval.Evaluation;
import org.actionrec.eval.EvaluationSummary;
import org.actionrec.features.ClipFeatures;
import org.actionrec.features.ExtractionResult;
import org.actionrec.features.FeatureExtractor;
import org.actionrec.features.FeatureStore;
import org.actionrec.head.LabelledClip;
import org.actionrec.head.SoftmaxConfig;
import org.actionrec.head.SoftmaxHead;
import org.actionrec.model.MemberOutcome;
import org.actionrec.model.TrainableKind;
import org.actionrec.model.TrainedMember;
import org.actionrec.model.pool.PoolSettings;
import org.actionrec.model.registry.ModelKinds;
import org.actionrec.model.trained.FrozenSvmFusion;
import org.actionrec.report.ModelComparison;
import org.actionrec.streams.Stream;
import org.actionrec.streams.StreamConfig;
import org.actionrec.train.ModelRecipe;
import org.actionrec.train.NegativeBackDropout;
import org.actionrec.train.SequenceModels;
import org.actionrec.train.SequenceModels.ModelSpec;
import org.actionrec.train.SequenceSample;
import org.actionrec.train.SequenceTrainer;
import org.actionrec.train.TrainingConfig;
import org.actionrec.train.TrainingResult;
import org.actionrec.train.ScoredSamples;

/**
 * Trains one of the trainable models on the splits of a dataset (official ones, else grouped folds) and tests it: inputs are extracted
 * into the feature store (resumable), the training side is cut into training and group-safe validation clips
 * (validation picks the best epoch and stops early), the best checkpoint is tested, and the figures become one
 * {@link ModelComparison.Entry} per split. Each split's folder {@code <out>/<model>/split<k>} holds the
 * checkpoints, curves, confusion matrix and {@code bundle.json} (what the model is and how it was made).
 *
 * <p>Extra figures, where they apply: top-1 with the frames of each test clip shuffled (paper 003's check
 * that a model uses frame order); for {@code nbtl}, top-1 before and after negative back-dropout; for
 * {@code temporal-conv} with a fusion stream, top-1 of paper 003's softmax (L-BFGS) over its clip
 * descriptors joined with that stream's frozen descriptors.
 */
public final class ModelTrainingJob {
    /** What the model reads: stored descriptors, conv maps or pixels, made by the given backbone sessions. */
    public record Input(StreamConfig streams, List<Backbone> sessions) {
        public Input {
            Objects.requireNonNull(streams, "streams");
            sessions = List.copyOf(sessions);
            if (sessions.isEmpty()) throw new IllegalArgumentException("no backbone session");
        }
    }

    /**
     * A training job's settings, made with {@link #builder()}: {@code set…} for what is required, {@code opt…}
     * for what has a default.
     */
    public static final class Config {
        private final Path data;
        private final Path out;
        private final Path store;
        private final String model;
        private final ModelSpec spec;
        private final TrainingConfig training;
        private final int workers;
        private final List<Integer> splits;
        private final double validationFraction;
        private final double nbtlRatio;
        private final List<String> fuseScoresWith;
        private final int ensemble;
        private final boolean refit;
        private final boolean embedBackbone;
        private final DatasetOptions dataset;

        private Config(Builder b) {
            this.data = Objects.requireNonNull(b.data, "data");
            this.out = Objects.requireNonNull(b.out, "out");
            this.store = Objects.requireNonNull(b.store, "store");
            this.model = Objects.requireNonNull(b.model, "model");
            this.spec = Objects.requireNonNull(b.spec, "spec");
            this.training = Objects.requireNonNull(b.training, "training");
            this.workers = b.workers;
            this.splits = List.copyOf(b.splits);
            this.validationFraction = b.validationFraction;
            this.nbtlRatio = b.nbtlRatio;
            this.fuseScoresWith = List.copyOf(b.fuseScoresWith);
            this.ensemble = b.ensemble;
            this.refit = b.refit;
            this.embedBackbone = b.embedBackbone;
            this.dataset = Objects.requireNonNull(b.dataset, "dataset");
            if (ensemble < 1) throw new IllegalArgumentException("ensemble needs at least 1 model, got " + ensemble);
            TrainableKind kind = ModelKinds.trainable(model);
            if (refit) kind.refitRefusal().ifPresent(why -> {
                throw new IllegalArgumentException(why);
            });
        }

        public static Builder builder() {
            return new Builder();
        }

        /** The data: a folder, a manifest or an MMAction2 list. */
        public Path data() {
            return data;
        }

        public Path out() {
            return out;
        }

        /** The feature store's folder. */
        public Path store() {
            return store;
        }

        /** The kind's id ({@link ModelKinds}). */
        public String model() {
            return model;
        }

        public ModelSpec spec() {
            return spec;
        }

        public TrainingConfig training() {
            return training;
        }

        /** Threads that decode and make images while inputs are extracted. */
        public int workers() {
            return workers;
        }

        /** 1-based split numbers. */
        public List<Integer> splits() {
            return splits;
        }

        /** Share of the training side carved off (group-safe) for validation. */
        public double validationFraction() {
            return validationFraction;
        }

        /** Share of each of the two last layers' neurons NB-TL may drop. */
        public double nbtlRatio() {
            return nbtlRatio;
        }

        /** Frozen streams whose SVM scores are fused with the model's (paper 000's averaging); empty for none. */
        public List<String> fuseScoresWith() {
            return fuseScoresWith;
        }

        /** Models trained per split, with seeds seed, seed + 1, ...; their class scores averaged (1: one model). */
        public int ensemble() {
            return ensemble;
        }

        /**
         * Whether, once validation has chosen the best epoch count E, the model is trained again on training and
         * validation clips for E epochs and that one tested (as the frozen SVMs are retrained on both once C is
         * chosen); fusion weights are still chosen on the validation scores of the model trained without them.
         */
        public boolean refit() {
            return refit;
        }

        /** Whether each split's model file also holds the backbone file. */
        public boolean embedBackbone() {
            return embedBackbone;
        }

        /** How to read the data and split it where it brings no splits. */
        public DatasetOptions dataset() {
            return dataset;
        }

        /** Builds a {@link Config}; data, out, store, the recipe (model, spec, training) and splits are required. */
        public static final class Builder {
            private Path data;
            private Path out;
            private Path store;
            private String model;
            private ModelSpec spec;
            private TrainingConfig training;
            private int workers = 1;
            private List<Integer> splits = List.of();
            private double validationFraction = 0.2;
            private double nbtlRatio = 0.1;
            private List<String> fuseScoresWith = List.of();
            private int ensemble = 1;
            private boolean refit;
            private boolean embedBackbone;
            private DatasetOptions dataset = DatasetOptions.DEFAULTS;

            private Builder() {
            }

            public Builder setData(Path data) {
                this.data = data;
                return this;
            }

            public Builder setOut(Path out) {
                this.out = out;
                return this;
            }

            public Builder setStore(Path store) {
                this.store = store;
                return this;
            }

            /** The model's kind, spec and training settings. */
            public Builder setRecipe(String model, ModelSpec spec, TrainingConfig training) {
                this.model = model;
                this.spec = spec;
                this.training = training;
                return this;
            }

            public Builder setSplits(List<Integer> splits) {
                this.splits = splits;
                return this;
            }

            public Builder optWorkers(int workers) {
                this.workers = workers;
                return this;
            }

            public Builder optValidationFraction(double fraction) {
                this.validationFraction = fraction;
                return this;
            }

            public Builder optNbtlRatio(double ratio) {
                this.nbtlRatio = ratio;
                return this;
            }

            public Builder optFuseScoresWith(List<String> streams) {
                this.fuseScoresWith = streams;
                return this;
            }

            public Builder optEnsemble(int models) {
                this.ensemble = models;
                return this;
            }

            public Builder optRefit(boolean refit) {
                this.refit = refit;
                return this;
            }

            public Builder optEmbedBackbone(boolean embed) {
                this.embedBackbone = embed;
                return this;
            }

            public Builder optDataset(DatasetOptions options) {
                this.dataset = options;
                return this;
            }

            public Config build() {
                return new Config(this);
            }
        }
    }

    /**
     * Frozen descriptors (from {@link #inputs}) the model is fused with; either may be null.
     *
     * @param descriptors another stream, for temporal-conv's L-BFGS softmax over joined descriptors (paper 003)
     * @param scores      the streams of {@link Config#fuseScoresWith} and their settings (recorded in the bundle),
     *                    for the score fusion with their SVMs
     */
    public record Fusions(Map<String, ClipFeatures> descriptors, Inputs scores) {
    }

    /** Name of the comparison row of a model fused with frozen streams' SVMs. */
    public static String fusedName(String model, List<String> streams) {
        return model + " + svm(" + String.join(",", streams) + ")";
    }

    public static final String BUNDLE_FILE = "bundle.json";
    /** The bundle's format name. */
    public static final String FORMAT = "actionrec-trained-model/1";
    /** Bundle key: the checkpoint folders (beside the bundle) whose best parameters score a clip, averaged. */
    public static final String SCORED_BY = "scored_by";

    private final Config config;
    private final TrainableKind kind;
    private final VideoDataset dataset;
    private final LabelledDataset labelled;
    private final SplitProtocol protocol;
    private final List<Split> splits;

    /** Loads the dataset and its splits: official ones where it has them, else grouped folds. */
    public ModelTrainingJob(Config config) {
        this.config = config;
        this.kind = ModelKinds.trainable(config.model());
        this.labelled = DatasetSource.open(config.data(), config.dataset());
        this.dataset = labelled.dataset();
        this.protocol = labelled.protocol();
        this.splits = labelled.splits();
        for (int k : config.splits()) split(k);
    }

    public VideoDataset dataset() {
        return dataset;
    }

    /** The dataset with its split protocol and why it gets that protocol. */
    public LabelledDataset labelledDataset() {
        return labelled;
    }

    private Split split(int k) {
        if (k < 1 || k > splits.size()) {
            throw new IllegalArgumentException("split " + k + " does not exist; " + protocol.name() + " has "
                    + splits.size());
        }
        return splits.get(k - 1);
    }

    /**
     * What {@link Fusions#descriptors} must hold for this model: the frozen descriptors of {@code stream} with
     * {@code keyframes} keyframes for temporal-conv (paper 003's L-BFGS fusion); null for the other models or
     * without a stream.
     */
    public StreamConfig fusionDescriptorInput(String stream, int keyframes) {
        return kind.fusionDescriptorInput(stream, keyframes);
    }

    /**
     * What {@link Fusions#scores} must hold: all four frozen streams with {@code keyframes} keyframes (the main
     * job's settings, so the descriptors {@code run -k} stored are reused), or null without
     * {@link Config#fuseScoresWith}.
     */
    public StreamConfig frozenScoreInput(int keyframes) {
        return config.fuseScoresWith().isEmpty() ? null : StreamConfig.ALL_STREAMS.withKeyframes(keyframes);
    }

    /** The stored inputs of every readable clip and the settings they were made with (for provenance). */
    public record Inputs(Map<String, ClipFeatures> byClip, Map<String, Object> settings, StreamConfig streams,
                         org.actionrec.backbone.BackboneInfo backbone) {
    }

    /** Stored inputs of every clip (extracting what is missing) for one input. */
    public Inputs inputs(Input input, ProgressListener progress)
            throws IOException, BackboneException, InterruptedException {
        Backbone first = input.sessions().get(0);
        FeatureExtractor extractor = new FeatureExtractor(input.streams(), first.spec().preprocessing(),
                config.workers());
        Map<String, Object> settings = extractor.settings(first);
        FeatureStore store = new FeatureStore(config.store(), settings);
        ExtractionResult result = extractor.extract(dataset.clips(), input.sessions(), store, progress);
        Map<String, ClipFeatures> byClip = new LinkedHashMap<>();
        for (VideoClip c : dataset.clips()) {
            store.get(c.relativeName(), c.path()).ifPresent(f -> byClip.put(c.relativeName(), f));
        }
        if (byClip.isEmpty()) {
            throw new IllegalStateException("no clip could be read (" + result.failures().size() + " failures)");
        }
        return new Inputs(byClip, settings, input.streams(), first.info());
    }

    /**
     * Trains and tests on split {@code k} on inputs from {@link #inputs}. One entry for the model (with
     * {@link Config#ensemble} above 1, the mean of its members' scores) and, with {@link Config#fuseScoresWith},
     * one for its fusion with the frozen streams' SVMs.
     */
    public List<ModelComparison.Entry> runSplit(int k, Inputs inputs, Fusions fusions, ProgressListener progress)
            throws IOException {
        Map<String, ClipFeatures> features = inputs.byClip();
        Split split = split(k);
        GroupSafeValidation.TrainValidation carved = new GroupSafeValidation(config.validationFraction(),
                config.training().seed()).carve(present(split.train(), features));
        List<VideoClip> test = present(split.test(), features);
        List<String> streams = streamIds(features);
        boolean perFrame = kind.samplesPerFrame();
        SplitSamples samples = new SplitSamples(samples(carved.train(), features, streams, perFrame),
                samples(carved.validation(), features, streams, perFrame),
                samples(test, features, streams, perFrame),
                carved.validation().stream().map(VideoClip::relativeName).toList(),
                test.stream().map(VideoClip::relativeName).toList());
        Path splitDir = splitDir(k);

        List<Member> members = new ArrayList<>();
        for (int m = 0; m < config.ensemble(); m++) {
            String of = config.ensemble() == 1 ? "" : "member " + (m + 1) + "/" + config.ensemble() + ": ";
            ProgressListener memberProgress = (done, total, item) -> progress.progress(done, total, of + item);
            members.add(trainMember(m, splitDir, samples, fusions, memberProgress));
        }
        MemberScores scores = MemberScores.mean(members.stream().map(Member::scores).toList());
        double trainingSeconds = members.stream().mapToDouble(Member::trainingSeconds).sum();
        double inferenceMs = 1000 * members.stream().mapToDouble(Member::inferenceSeconds).sum() / test.size();

        List<String> ids = samples.testIds();
        int[] truth = test.stream().mapToInt(VideoClip::classIndex).toArray();
        Evaluation evaluation = Evaluation.of(scores.test(), truth, dataset.classes(), ids);
        Map<String, Double> extra = new LinkedHashMap<>();
        if (members.size() == 1) {
            extra.put("best_epoch", (double) members.get(0).trained().bestEpoch());
            extra.put("validation_top1_pct", 100 * members.get(0).trained().bestValidationAccuracy());
        } else {
            int[] validationTruth = carved.validation().stream().mapToInt(VideoClip::classIndex).toArray();
            extra.put("members", (double) members.size());
            extra.put("member_mean_top1_pct", members.stream().mapToDouble(m -> Evaluation.of(m.scores().test(),
                    truth, dataset.classes(), ids).top1Pct()).average().orElseThrow());
            extra.put("validation_top1_pct", Evaluation.of(scores.validation(), validationTruth, dataset.classes(),
                    samples.validationIds()).top1Pct());
        }
        if (scores.shuffled() != null) {
            extra.put("shuffled_frames_top1_pct",
                    Evaluation.of(scores.shuffled(), truth, dataset.classes(), ids).top1Pct());
        }
        if (scores.beforeNbtl() != null) {
            extra.put("before_nbtl_top1_pct", Evaluation.of(scores.beforeNbtl(), truth, dataset.classes(), ids)
                    .top1Pct());
            extra.put("nbtl_seconds", members.stream().mapToDouble(m -> m.outcome().seconds()).sum());
            extra.put("nbtl_penalty_frames", members.stream().mapToDouble(m -> m.nbtl().penaltyFrames())
                    .average().orElseThrow());
            extra.put("nbtl_dropped_inputs", members.stream().mapToDouble(m -> m.nbtl().droppedInputs().length)
                    .average().orElseThrow());
            extra.put("nbtl_dropped_hidden", members.stream().mapToDouble(m -> m.nbtl().droppedHidden().length)
                    .average().orElseThrow());
        }
        if (scores.fusedSoftmax() != null) {
            Evaluation fused = Evaluation.of(scores.fusedSoftmax(), truth, dataset.classes(), ids);
            extra.put("fused_softmax_top1_pct", fused.top1Pct());
            ConfusionMatrixWriter.write(config.out().resolve(config.model()), config.model() + "-fused", k, fused);
        }
        ConfusionMatrixWriter.write(config.out().resolve(config.model()), config.model(), k, evaluation);
        int[] validationTruth = carved.validation().stream().mapToInt(VideoClip::classIndex).toArray();
        TemperatureScaling calibration = TemperatureScaling.fit(scores.validation(), validationTruth);
        CalibrationSummary calibrated = calibrate(config.model(), k, calibration, scores.test(), truth,
                validationTruth.length, "the model's scores of the validation clips (trained without them)");
        putCalibration(extra, calibrated);
        List<ModelComparison.Entry> entries = new ArrayList<>();
        entries.add(new ModelComparison.Entry(rowName(), describe(), k, EvaluationSummary.of(evaluation),
                trainingSeconds, inferenceMs, extra));
        Map<String, Object> scoreFusion = null;
        TrainedSplitOutput.Scoring delivered = new TrainedSplitOutput.Scoring(null, calibration,
                EvaluationSummary.of(evaluation), calibrated);
        if (fusions.scores() != null && !config.fuseScoresWith().isEmpty()) {
            String name = fusedName(rowName(), config.fuseScoresWith());
            FrozenStreamScoreFusion.Result fused = new FrozenStreamScoreFusion(PoolSettings.DEFAULTS,
                    config.fuseScoresWith()).fuse(config.model(), scores.validation(), scores.test(), carved.train(),
                    carved.validation(), test, fusions.scores().byClip(), dataset.classes().size());
            Evaluation fusedEvaluation = Evaluation.of(fused.testScores(), truth, dataset.classes(), ids);
            ConfusionMatrixWriter.write(config.out().resolve(config.model()), config.model() + "-fused-svm", k,
                    fusedEvaluation);
            Map<String, Double> fusedExtra = new LinkedHashMap<>();
            fusedExtra.put("model_top1_pct", evaluation.top1Pct());
            fusedExtra.put("validation_fused_top1_pct", fused.validationTop1Pct());
            fusedExtra.put("model_weight", fused.fusion().weights().get(0));
            TemperatureScaling fusedCalibration = TemperatureScaling.fit(fused.validationScores(), validationTruth);
            CalibrationSummary fusedCalibrated = calibrate(config.model() + "-fused-svm", k, fusedCalibration,
                    fused.testScores(), truth, validationTruth.length, "the fused scores of the validation clips");
            putCalibration(fusedExtra, fusedCalibrated);
            delivered = new TrainedSplitOutput.Scoring(new FrozenSvmFusion(config.fuseScoresWith(), fused.heads(),
                    fused.fusion(), fusions.scores().streams()), fusedCalibration,
                    EvaluationSummary.of(fusedEvaluation), fusedCalibrated);
            entries.add(new ModelComparison.Entry(name, "scores of " + rowName() + " and of frozen-descriptor "
                    + "SVMs (" + String.join(", ", config.fuseScoresWith()) + "), z-normalised, weights and C "
                    + "chosen on validation", k, EvaluationSummary.of(fusedEvaluation),
                    trainingSeconds + fused.trainingSeconds(),
                    inferenceMs + 1000 * fused.inferenceSeconds() / test.size(), fusedExtra));
            scoreFusion = new LinkedHashMap<>();
            scoreFusion.put("streams", fused.fusion().streams());
            scoreFusion.put("frozen_input", fusions.scores().settings());
            scoreFusion.put("weights", fused.fusion().weights());
            scoreFusion.put("c", fused.c());
            scoreFusion.put("validation_fused_top1_pct", fused.validationTop1Pct());
            scoreFusion.put("test", EvaluationSummary.of(fusedEvaluation));
        }
        new TrainedSplitOutput(config, dataset, protocol.name(), k, labelled.why()).write(outputDir(k), splitDir,
                members, truth, ids,
                inputs, carved, evaluation, extra, scoreFusion, delivered);
        return entries;
    }

    /** ECE and NLL on the test clips before and after the temperature, and the reliability diagram. */
    private CalibrationSummary calibrate(String name, int k, TemperatureScaling t, float[][] testScores, int[] truth,
                                         int fittedOn, String what) throws IOException {
        CalibrationMetrics before = CalibrationMetrics.of(TemperatureScaling.identity().probabilities(testScores),
                truth);
        CalibrationMetrics after = CalibrationMetrics.of(t.probabilities(testScores), truth);
        ReliabilityDiagramWriter.write(config.out().resolve(config.model()), name, k, before, after);
        return CalibrationSummary.of(t, before, after, fittedOn, what);
    }

    private static void putCalibration(Map<String, Double> extra, CalibrationSummary c) {
        extra.put("temperature", c.temperature());
        extra.put("ece_before_pct", c.eceBeforePct());
        extra.put("ece_after_pct", c.eceAfterPct());
        extra.put("nll_before", c.nllBefore());
        extra.put("nll_after", c.nllAfter());
    }

    /** The training, validation and test samples of a split, and the clip ids of the last two. */
    private record SplitSamples(List<SequenceSample> train, List<SequenceSample> validation,
                                List<SequenceSample> test, List<String> validationIds, List<String> testIds) {
    }

    /**
     * Class scores per clip of one trained model, or the mean of several; {@code test} always, the others
     * null where they do not apply.
     *
     * @param validation   validation clips (for score fusion, ensembles and NB-TL)
     * @param shuffled     test clips with their frames shuffled (models that see frame order)
     * @param beforeNbtl   nbtl: the test scores of the fine-tuned model before negative back-dropout
     * @param fusedSoftmax temporal-conv with a fusion stream: paper 003's L-BFGS softmax on joined descriptors
     */
    record MemberScores(float[][] test, float[][] validation, float[][] shuffled, float[][] beforeNbtl,
                                float[][] fusedSoftmax) {
        /** The element-wise mean of each kind of score over the members (all members have the same kinds). */
        static MemberScores mean(List<MemberScores> members) {
            if (members.size() == 1) return members.get(0);
            return new MemberScores(mean(members, MemberScores::test), mean(members, MemberScores::validation),
                    mean(members, MemberScores::shuffled), mean(members, MemberScores::beforeNbtl),
                    mean(members, MemberScores::fusedSoftmax));
        }

        private static float[][] mean(List<MemberScores> members,
                                      java.util.function.Function<MemberScores, float[][]> kind) {
            if (kind.apply(members.get(0)) == null) return null;
            return org.actionrec.head.ScoreFusion.mean(members.stream().map(kind).toList());
        }
    }

    /**
     * One trained member: its training run (and, with {@link Config#refit}, the refitted run that was tested),
     * its scores and times; {@code nbtl} only for nbtl.
     */
    record Member(long seed, TrainingResult trained, TrainingResult refitted, MemberScores scores,
                  double trainingSeconds, double inferenceSeconds, MemberOutcome outcome) {
        NegativeBackDropout.Result nbtl() {
            return outcome.nbtl();
        }
    }

    /** Member {@code m}'s checkpoint folder: the first keeps a single model's name, so it reuses one. */
    static String checkpointFolder(int m) {
        return m == 0 ? "checkpoints" : "checkpoints-member" + (m + 1);
    }

    /** Where member {@code m}'s refitted model goes. */
    static String refitFolder(int m) {
        return checkpointFolder(m) + "-refit";
    }

    /** Name of the model's comparison row: the model, how many seeds are averaged if more than one, refit. */
    String rowName() {
        List<String> how = new ArrayList<>();
        if (config.ensemble() > 1) how.add(config.ensemble() + " seeds");
        if (config.refit()) how.add("refit");
        return how.isEmpty() ? config.model() : config.model() + " (" + String.join(", ", how) + ")";
    }

    /**
     * Trains member {@code m} (seed = the configured seed + m; the validation split stays the configured seed's)
     * into its checkpoint folder, resuming or reusing what is there, and scores the clips with its best epoch;
     * with {@link Config#refit}, the test clips are scored by the model refitted on training and validation clips.
     */
    private Member trainMember(int m, Path splitDir, SplitSamples s, Fusions fusions, ProgressListener progress)
            throws IOException {
        TrainingConfig training = config.training().withSeed(config.training().seed() + m);
        Path checkpoints = splitDir.resolve(checkpointFolder(m));
        TrainingResult trained = new SequenceTrainer(config.spec(), training, dataset.classes())
                .train(s.train(), s.validation(), checkpoints, progress);
        TrainingResult refitted = null;
        Path tested = checkpoints;
        List<SequenceSample> side = new ArrayList<>(s.train());
        side.addAll(s.validation());
        if (config.refit()) {
            tested = splitDir.resolve(refitFolder(m));
            refitted = new SequenceTrainer(config.spec(), training.withEpochs(trained.bestEpoch()).withPatience(0),
                    dataset.classes()).train(side, List.of(), tested, progress);
            if (refitted.epochsDone() != trained.bestEpoch()) { // a refit of a longer, older validation run
                throw new IllegalStateException(tested + " holds a refit of " + refitted.epochsDone() + " epochs, "
                        + "but validation now chooses " + trained.bestEpoch() + "; delete that folder to refit again");
            }
        }
        // the epochs' own times, so a run resumed from (or reusing, as nbtl does) a checkpoint reports them all
        double trainingSeconds = seconds(trained) + (refitted == null ? 0 : seconds(refitted));
        try (SequenceTrainer.Trained best = SequenceTrainer.load(tested, SequenceTrainer.Checkpoint.BEST)) {
            long s0 = System.nanoTime();
            float[][] test = ScoredSamples.perClip(best.scores(s.test()), s.test(), s.testIds());
            double inferenceSeconds = (System.nanoTime() - s0) / 1e9;
            float[][] shuffled = null;
            if (config.spec().seesFrameOrder()) {
                shuffled = best.scores(shuffleFrames(s.test(), config.training().seed()));
            }
            // calibration, score fusion and ensembles read the validation scores
            float[][] validation = validationScores(best, checkpoints, refitted != null, s);
            MemberOutcome outcome = kind.afterTraining(new TrainedMember(best, s.validation(), s.test(), side,
                    s.validationIds(), s.testIds(), test, validation, fusions.descriptors(), dataset.classes().size(),
                    config.nbtlRatio()));
            return new Member(training.seed(), trained, refitted, new MemberScores(outcome.test(),
                    outcome.validation(), shuffled, outcome.beforeNbtl(), outcome.fusedSoftmax()), trainingSeconds,
                    inferenceSeconds, outcome);
        }
    }

    private static double seconds(TrainingResult run) {
        return run.curve().epochs().stream().mapToDouble(e -> e.seconds()).sum();
    }

    /**
     * Per-clip validation scores of the model trained without the validation clips: {@code tested} itself, or,
     * when {@code tested} is refitted (it has seen them), the best checkpoint in {@code checkpoints}.
     */
    private static float[][] validationScores(SequenceTrainer.Trained tested, Path checkpoints, boolean refitted,
                                              SplitSamples s) throws IOException {
        if (!refitted) return ScoredSamples.perClip(tested.scores(s.validation()), s.validation(), s.validationIds());
        try (SequenceTrainer.Trained unseen = SequenceTrainer.load(checkpoints, SequenceTrainer.Checkpoint.BEST)) {
            return ScoredSamples.perClip(unseen.scores(s.validation()), s.validation(), s.validationIds());
        }
    }

    /** Where split {@code k}'s model file is written. */
    public Path modelFile(int k) {
        return outputDir(k).resolve(org.actionrec.modelfile.ModelFile.FILE_NAME);
    }

    /** Where split {@code k}'s checkpoints are: nbtl prunes finetune's, so it trains (or reuses) them there. */
    private Path splitDir(int k) {
        return config.out().resolve(kind.checkpointsOf()).resolve("split" + k);
    }

    /** Where split {@code k}'s bundle and model file go: nbtl's own folder, beside finetune's. */
    private Path outputDir(int k) {
        return config.out().resolve(config.model()).resolve("split" + k);
    }

    /** One line on what was trained, for the comparison table. */
    public String describe() {
        ModelSpec s = config.spec();
        TrainingConfig t = config.training();
        String what = kind.describe(s, t, config.nbtlRatio());
        return what + "; " + t.optimizer().name().toLowerCase() + " lr " + t.learningRate() + ", batch "
                + t.batchSize() + ", up to " + t.epochs() + " epochs";
    }

    private List<VideoClip> present(List<VideoClip> clips, Map<String, ClipFeatures> features) {
        return clips.stream().filter(c -> features.containsKey(c.relativeName())).toList();
    }

    private static List<String> streamIds(Map<String, ClipFeatures> features) {
        return List.copyOf(features.values().iterator().next().streams().keySet()).stream().sorted((a, b) ->
                Integer.compare(Stream.parse(a).ordinal(), Stream.parse(b).ordinal())).toList();
    }

    /**
     * A clip's frames with its streams joined frame by frame (rgb, flow_x, flow_y, mhi order); for finetune,
     * one sample per keyframe, all sharing the clip's id.
     */
    static List<SequenceSample> samples(List<VideoClip> clips, Map<String, ClipFeatures> features,
                                        List<String> streams, boolean perFrame) {
        List<SequenceSample> out = new ArrayList<>();
        for (VideoClip c : clips) {
            ClipFeatures f = features.get(c.relativeName());
            float[][] frames = f.joined(streams);
            if (perFrame) {
                for (float[] frame : frames) out.add(new SequenceSample(c.relativeName(), new float[][] {frame},
                        c.classIndex()));
            } else {
                out.add(new SequenceSample(c.relativeName(), frames, c.classIndex()));
            }
        }
        return out;
    }

    /** The same clips with their frames in a random order (seeded per clip). */
    static List<SequenceSample> shuffleFrames(List<SequenceSample> samples, long seed) {
        List<SequenceSample> out = new ArrayList<>(samples.size());
        for (SequenceSample s : samples) {
            float[][] frames = s.frames().clone();
            SplittableRandom random = new SplittableRandom(seed ^ s.clipId().hashCode());
            for (int i = frames.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                float[] t = frames[i];
                frames[i] = frames[j];
                frames[j] = t;
            }
            out.add(new SequenceSample(s.clipId(), frames, s.label()));
        }
        return out;
    }

}
