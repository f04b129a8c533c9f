package org.actionrec.recognizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.actionrec.ProgressListener;
import org.actionrec.backbone.Backbone;
import org.actionrec.backbone.BackboneException;
import org.actionrec.dataset.GroupSafeValidation;
import org.actionrec.dataset.LabelledDataset;
import org.actionrec.dataset.VideoClip;
import org.actionrec.dataset.VideoDataset;
import org.actionrec.eval.CalibrationMetrics;
import org.actionrec.eval.CalibrationSummary;
import org.actionrec.eval.ConfusionMatrixWriter;
import org.actionrec.eval.Evaluation;
import org.actionrec.eval.EvaluationSummary;
import org.actionrec.eval.ReliabilityDiagramWriter;
import org.actionrec.features.ClipFeatures;
import org.actionrec.features.ExtractionResult;
import org.actionrec.features.FeatureExtractor;
import org.actionrec.features.FeatureStore;
import org.actionrec.head.TemperatureScaling;
import org.actionrec.model.MemberOutcome;
import org.actionrec.model.TrainableKind;
import org.actionrec.model.TrainedMember;
import org.actionrec.model.pool.PoolSettings;
import org.actionrec.model.registry.ModelKinds;
import org.actionrec.model.trained.FrozenSvmFusion;
import org.actionrec.report.ModelComparison;
import org.actionrec.streams.StreamConfig;
import org.actionrec.train.NegativeBackDropout;
import org.actionrec.train.ScoredSamples;
import org.actionrec.train.SequenceModels.ModelSpec;
import org.actionrec.train.SequenceSample;
import org.actionrec.train.SequenceTrainer;
import org.actionrec.train.TrainedNetwork;
import org.actionrec.train.TrainingConfig;
import org.actionrec.train.TrainingResult;

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
     * Frozen descriptors (from {@link #inputs}) the model is fused with; either may be null.
     *
     * @param descriptors another stream, for temporal-conv's L-BFGS softmax over joined descriptors (paper 003)
     * @param scores      the streams of {@link TrainingJobConfig#fuseScoresWith} and their settings (recorded in the bundle),
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

    private final TrainingJobConfig config;
    private final TrainableKind kind;
    private final SplitRunner runner;
    private final VideoDataset dataset;

    /** Loads the dataset and its splits: official ones where it has them, else grouped folds. */
    public ModelTrainingJob(TrainingJobConfig config) {
        this.config = config;
        this.kind = ModelKinds.trainable(config.model());
        this.runner = new SplitRunner(config.data(), config.dataset());
        this.dataset = runner.dataset();
        for (int k : config.splits()) runner.split(k);
    }

    public VideoDataset dataset() {
        return dataset;
    }

    /** The dataset with its split protocol and why it gets that protocol. */
    public LabelledDataset labelledDataset() {
        return runner.labelled();
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
     * {@link TrainingJobConfig#fuseScoresWith}.
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
        ExtractionResult result = runner.extract(extractor, input.sessions(), store, progress);
        Map<String, ClipFeatures> byClip = runner.stored(store);
        if (byClip.isEmpty()) {
            throw new IllegalStateException("no clip could be read (" + result.failures().size() + " failures)");
        }
        return new Inputs(byClip, settings, input.streams(), first.info());
    }

    /**
     * Trains and tests on split {@code k} on inputs from {@link #inputs}. One entry for the model (with
     * {@link TrainingJobConfig#ensemble} above 1, the mean of its members' scores) and, with {@link TrainingJobConfig#fuseScoresWith},
     * one for its fusion with the frozen streams' SVMs.
     */
    public List<ModelComparison.Entry> runSplit(int k, Inputs inputs, Fusions fusions, ProgressListener progress)
            throws IOException {
        Map<String, ClipFeatures> features = inputs.byClip();
        GroupSafeValidation.TrainValidation carved = runner.carve(k, features, config.validationFraction(),
                config.training().seed());
        List<VideoClip> test = SplitRunner.present(runner.split(k).test(), features);
        SplitSamples samples = SplitSamples.of(carved, test, features, kind.samplesPerFrame());
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
        TrainedFigures figures = TrainedFigures.NONE;
        if (members.size() == 1) {
            figures = figures.withModel((double) members.get(0).trained().bestEpoch(), null, null,
                    100 * members.get(0).trained().bestValidationAccuracy());
        } else {
            int[] validationTruth = carved.validation().stream().mapToInt(VideoClip::classIndex).toArray();
            figures = figures.withModel(null, (double) members.size(), members.stream().mapToDouble(m ->
                            Evaluation.of(m.scores().test(), truth, dataset.classes(), ids).top1Pct()).average()
                            .orElseThrow(),
                    Evaluation.of(scores.validation(), validationTruth, dataset.classes(), samples.validationIds())
                            .top1Pct());
        }
        if (scores.shuffled() != null) {
            figures = figures.withShuffledFrames(Evaluation.of(scores.shuffled(), truth, dataset.classes(), ids)
                    .top1Pct());
        }
        if (scores.beforeNbtl() != null) {
            figures = figures.withNbtl(Evaluation.of(scores.beforeNbtl(), truth, dataset.classes(), ids).top1Pct(),
                    members.stream().mapToDouble(m -> m.outcome().seconds()).sum(),
                    members.stream().mapToDouble(m -> m.nbtl().penaltyFrames()).average().orElseThrow(),
                    members.stream().mapToDouble(m -> m.nbtl().droppedInputs().length).average().orElseThrow(),
                    members.stream().mapToDouble(m -> m.nbtl().droppedHidden().length).average().orElseThrow());
        }
        if (scores.fusedSoftmax() != null) {
            Evaluation fused = Evaluation.of(scores.fusedSoftmax(), truth, dataset.classes(), ids);
            figures = figures.withFusedSoftmax(fused.top1Pct());
            ConfusionMatrixWriter.write(config.out().resolve(config.model()), config.model() + "-fused", k, fused);
        }
        ConfusionMatrixWriter.write(config.out().resolve(config.model()), config.model(), k, evaluation);
        int[] validationTruth = carved.validation().stream().mapToInt(VideoClip::classIndex).toArray();
        TemperatureScaling calibration = TemperatureScaling.fit(scores.validation(), validationTruth);
        CalibrationSummary calibrated = calibrate(config.model(), k, calibration, scores.test(), truth,
                validationTruth.length, "the model's scores of the validation clips (trained without them)");
        figures = figures.withCalibration(calibrated);
        List<ModelComparison.Entry> entries = new ArrayList<>();
        entries.add(new ModelComparison.Entry(rowName(), describe(), k, EvaluationSummary.of(evaluation),
                trainingSeconds, inferenceMs, figures.columns()));
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
            TemperatureScaling fusedCalibration = TemperatureScaling.fit(fused.validationScores(), validationTruth);
            CalibrationSummary fusedCalibrated = calibrate(config.model() + "-fused-svm", k, fusedCalibration,
                    fused.testScores(), truth, validationTruth.length, "the fused scores of the validation clips");
            TrainedFigures fusedFigures = TrainedFigures.NONE.withFusion(evaluation.top1Pct(),
                    fused.validationTop1Pct(), fused.fusion().weights().get(0)).withCalibration(fusedCalibrated);
            delivered = new TrainedSplitOutput.Scoring(new FrozenSvmFusion(config.fuseScoresWith(), fused.heads(),
                    fused.fusion(), fusions.scores().streams()), fusedCalibration,
                    EvaluationSummary.of(fusedEvaluation), fusedCalibrated);
            entries.add(new ModelComparison.Entry(name, "scores of " + rowName() + " and of frozen-descriptor "
                    + "SVMs (" + String.join(", ", config.fuseScoresWith()) + "), z-normalised, weights and C "
                    + "chosen on validation", k, EvaluationSummary.of(fusedEvaluation),
                    trainingSeconds + fused.trainingSeconds(),
                    inferenceMs + 1000 * fused.inferenceSeconds() / test.size(), fusedFigures.columns()));
            scoreFusion = new LinkedHashMap<>();
            scoreFusion.put("streams", fused.fusion().streams());
            scoreFusion.put("frozen_input", fusions.scores().settings());
            scoreFusion.put("weights", fused.fusion().weights());
            scoreFusion.put("c", fused.c());
            scoreFusion.put("validation_fused_top1_pct", fused.validationTop1Pct());
            scoreFusion.put("test", EvaluationSummary.of(fusedEvaluation));
        }
        new TrainedSplitOutput(config, dataset, runner.protocolName(), k, runner.labelled().why()).write(outputDir(k), splitDir,
                members, truth, ids,
                inputs, carved, evaluation, figures, scoreFusion, delivered);
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
     * One trained member: its training run (and, with {@link TrainingJobConfig#refit}, the refitted run that was tested),
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
     * with {@link TrainingJobConfig#refit}, the test clips are scored by the model refitted on training and validation clips.
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
        try (TrainedNetwork best = SequenceTrainer.load(tested, SequenceTrainer.Checkpoint.BEST)) {
            long s0 = System.nanoTime();
            float[][] test = ScoredSamples.perClip(best.scores(s.test()), s.test(), s.testIds());
            double inferenceSeconds = (System.nanoTime() - s0) / 1e9;
            float[][] shuffled = null;
            if (config.spec().seesFrameOrder()) {
                shuffled = best.scores(SplitSamples.shuffleFrames(s.test(), config.training().seed()));
            }
            // calibration, score fusion and ensembles read the validation scores
            boolean refit = refitted != null;
            Supplier<float[][]> validation = () -> {
                try {
                    return validationScores(best, checkpoints, refit, s);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            };
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
    private static float[][] validationScores(TrainedNetwork tested, Path checkpoints, boolean refitted,
                                              SplitSamples s) throws IOException {
        if (!refitted) return ScoredSamples.perClip(tested.scores(s.validation()), s.validation(), s.validationIds());
        try (TrainedNetwork unseen = SequenceTrainer.load(checkpoints, SequenceTrainer.Checkpoint.BEST)) {
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
}
