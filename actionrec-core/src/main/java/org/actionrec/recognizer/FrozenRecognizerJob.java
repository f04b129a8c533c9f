package org.actionrec.recognizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.DoubleFunction;
import org.actionrec.ProgressListener;
import org.actionrec.backbone.Backbone;
import org.actionrec.backbone.BackboneException;
import org.actionrec.dataset.DatasetOptions;
import org.actionrec.dataset.DatasetSource;
import org.actionrec.dataset.LabelledDataset;
import org.actionrec.dataset.Split;
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
import org.actionrec.head.HeadTrainer;
import org.actionrec.head.TemperatureScaling;
import org.actionrec.model.pool.PoolSettings;
import org.actionrec.model.pool.StreamPoolModel;
import org.actionrec.model.pool.StreamPoolTrainer;
import org.actionrec.modelfile.ModelFile;
import org.actionrec.report.Failure;
import org.actionrec.report.FailuresCsv;
import org.actionrec.report.Provenance;
import org.actionrec.report.RunReport;
import org.actionrec.report.SplitResult;
import org.actionrec.streams.StreamConfig;
import org.actionrec.video.VideoFailure;

/**
 * Paper 000's frozen-feature pipeline on a dataset's splits (official ones, else grouped folds), as separate steps (extract, train,
 * evaluate) and as one run: extract (or reuse) descriptors, then for every split train the stream pool on
 * the training side and evaluate every stream and the fusion on the test side, writing the report,
 * confusion matrices, failures and the model bundle (trained on the first split run).
 */
public final class FrozenRecognizerJob {
    /**
     * @param data    a dataset folder, manifest or MMAction2 list ({@link DatasetSource#open})
     * @param splits  the split numbers to run (1-based); empty for all the protocol has
     * @param embedBackbone whether the model file also holds the backbone file
     * @param dataset how to read {@code data} and split it where it brings no splits
     */
    public record Config(Path data, Path out, Path store, StreamConfig streams, int workers, PoolSettings pool,
                         List<Integer> splits, boolean embedBackbone, DatasetOptions dataset) {
        public Config {
            splits = List.copyOf(splits);
            Objects.requireNonNull(dataset, "dataset");
        }

        /** With the default dataset options (5 group folds, seed 42, where the data brings no splits). */
        public Config(Path data, Path out, Path store, StreamConfig streams, int workers, PoolSettings pool,
                      List<Integer> splits) {
            this(data, out, store, streams, workers, pool, splits, false, DatasetOptions.DEFAULTS);
        }
    }

    /** What the CLI watches: extraction progress (clips) and training progress (splits). */
    public record Listeners(ProgressListener extraction, ProgressListener splits) {
        public static final Listeners NONE = new Listeners(ProgressListener.NONE, ProgressListener.NONE);
    }

    /** The stored descriptors of a dataset for one backbone and stream config. */
    public record FeatureSet(Map<String, ClipFeatures> byClip, Map<String, Object> settings) {
    }

    public static final String MODEL_FILE = ModelFile.FILE_NAME;

    private final Config config;
    private final SplitRunner runner;
    private final VideoDataset dataset;
    private final LabelledDataset labelled;
    private final String headName;
    private final DoubleFunction<HeadTrainer> headTrainers;

    /** Loads the dataset and its splits: official ones where it has them, else grouped folds. */
    public FrozenRecognizerJob(Config config) {
        this(config, config.pool().head().name().toLowerCase(java.util.Locale.ROOT),
                c -> config.pool().head().trainer(c, config.pool()));
    }

    /**
     * As {@link #FrozenRecognizerJob(Config)} with the per-stream heads trained by {@code headTrainers} (one
     * trainer per C of the pool's grid), e.g. on a cluster; {@code headName} names them in the report and model.
     */
    public FrozenRecognizerJob(Config config, String headName, DoubleFunction<HeadTrainer> headTrainers) {
        this.config = config;
        this.headName = Objects.requireNonNull(headName, "headName");
        this.headTrainers = Objects.requireNonNull(headTrainers, "headTrainers");
        this.runner = new SplitRunner(config.data(), config.dataset());
        this.labelled = runner.labelled();
        this.dataset = runner.dataset();
    }

    public VideoDataset dataset() {
        return dataset;
    }

    /** The dataset with its split protocol and why it gets that protocol. */
    public LabelledDataset labelledDataset() {
        return labelled;
    }

    /** The split numbers this job runs. */
    public List<Integer> chosenSplits() {
        return runner.chosen(config.splits());
    }

    private FeatureExtractor extractor(Backbone backbone) {
        return new FeatureExtractor(config.streams(), backbone.spec().preprocessing(), config.workers());
    }

    /** Step 1: descriptors of every clip into the store (clips already there are reused). */
    public ExtractionResult extract(List<Backbone> sessions, ProgressListener progress)
            throws IOException, BackboneException, InterruptedException {
        FeatureExtractor extractor = extractor(sessions.get(0));
        FeatureStore store = new FeatureStore(config.store(), extractor.settings(sessions.get(0)));
        return runner.extract(extractor, sessions, store, progress);
    }

    /** The stored descriptors for this backbone (clips never extracted, or unreadable, are absent). */
    public FeatureSet features(Backbone backbone) throws IOException {
        Map<String, Object> settings = extractor(backbone).settings(backbone);
        return new FeatureSet(runner.stored(new FeatureStore(config.store(), settings)), settings);
    }

    /** Step 2: the stream pool trained on split {@code k}'s training side. */
    public StreamPoolModel train(FeatureSet features, int k, Backbone backbone) {
        List<VideoClip> train = withFeatures(split(k).train(), features);
        if (train.isEmpty()) {
            throw new IllegalStateException("split " + k + " has no training clip with descriptors; run extraction first");
        }
        return new StreamPoolTrainer(config.pool(), headName, headTrainers).train(train, features.byClip(), dataset.classes(), config.streams(),
                features.settings(), backbone.info().name(), backbone.info().sha256(),
                runner.protocolName() + " split " + k + " (training side)");
    }

    /**
     * Step 3: every stream and the fusion on split {@code k}'s test side, and how well the model's
     * probabilities are calibrated there; writes the confusion matrices and the reliability diagram.
     */
    public SplitResult evaluate(StreamPoolModel model, FeatureSet features, int k) throws IOException {
        List<VideoClip> test = withFeatures(split(k).test(), features);
        int[] truth = test.stream().mapToInt(VideoClip::classIndex).toArray();
        List<String> ids = test.stream().map(VideoClip::relativeName).toList();
        Map<String, EvaluationSummary> out = new LinkedHashMap<>();
        List<float[][]> perStream = new ArrayList<>();
        for (int s = 0; s < model.streams().size(); s++) {
            String stream = model.streams().get(s);
            float[][] scores = model.heads().get(s).scoreClips(test.stream()
                    .map(c -> features.byClip().get(c.relativeName()).stream(stream)).toList());
            perStream.add(scores);
            Evaluation e = Evaluation.of(scores, truth, model.classes(), ids);
            ConfusionMatrixWriter.write(config.out(), stream, k, e);
            out.put(stream, EvaluationSummary.of(e));
        }
        float[][] fusedScores = model.fusion().fuse(perStream);
        if (model.streams().size() > 1) {
            Evaluation fused = Evaluation.of(fusedScores, truth, model.classes(), ids);
            ConfusionMatrixWriter.write(config.out(), RunReport.FUSED, k, fused);
            out.put(RunReport.FUSED, EvaluationSummary.of(fused));
        }
        return new SplitResult(k, out, calibration(model.calibration(), fusedScores, truth,
                ((Number) model.training().get("validation_clips")).intValue(), k));
    }

    /** ECE and NLL of the model's probabilities on the test clips, before and after calibration, with a diagram. */
    private CalibrationSummary calibration(TemperatureScaling t, float[][] testScores, int[] truth,
                                           int validationClips, int k) throws IOException {
        CalibrationMetrics before = CalibrationMetrics.of(TemperatureScaling.identity().probabilities(testScores),
                truth);
        CalibrationMetrics after = CalibrationMetrics.of(t.probabilities(testScores), truth);
        ReliabilityDiagramWriter.write(config.out(), RunReport.FUSED, k, before, after);
        return CalibrationSummary.of(t, before, after, validationClips,
                "fused scores of the validation clips carved from the training side");
    }

    /**
     * All steps: extract, then train and evaluate every chosen split; writes the run's files into {@code out},
     * among them the model file: the first split's model where the splits are official, else (k folds only
     * estimate accuracy) a model trained on every labelled clip.
     */
    public RunReport run(List<Backbone> sessions, Listeners listeners)
            throws IOException, BackboneException, InterruptedException {
        Backbone backbone = sessions.get(0);
        chosenSplits();
        ExtractionResult extraction = extract(sessions, listeners.extraction());
        return trainEvaluateAndWrite(features(backbone), extraction, backbone, listeners.splits());
    }

    /**
     * All steps after extraction, on descriptors extracted elsewhere (another store, a cluster): trains and
     * evaluates every chosen split and writes the same files as {@link #run}.
     *
     * @param features   the descriptors by clip name and the settings they were made with
     * @param extraction what extraction did (its failures go into {@code failures.csv}, its time into the timings)
     * @param backbone   the backbone the descriptors came from (only its identity is used)
     */
    public RunReport trainEvaluateAndWrite(FeatureSet features, ExtractionResult extraction, Backbone backbone,
                                           ProgressListener splitProgress) throws IOException {
        List<Integer> chosen = chosenSplits();
        long t1 = System.nanoTime();
        List<SplitResult> results = new ArrayList<>();
        StreamPoolModel delivered = null;
        for (int i = 0; i < chosen.size(); i++) {
            int k = chosen.get(i);
            StreamPoolModel model = train(features, k, backbone);
            results.add(evaluate(model, features, k));
            if (i == 0) delivered = model;
            splitProgress.progress(i + 1, chosen.size(), "split " + k);
        }
        Map<String, Object> test = new LinkedHashMap<>();
        Map<String, Object> trainedOn = new LinkedHashMap<>();
        trainedOn.put("protocol", runner.protocolName());
        trainedOn.put("protocol_reason", labelled.why());
        if (labelled.officialSplits()) {
            trainedOn.put("trained_on", "split " + chosen.get(0) + " (training side)");
            SplitRunner.putTrainingClips(trainedOn, withFeatures(split(chosen.get(0)).train(), features));
            test.put("figures_from", "split " + chosen.get(0) + " (test side)");
            test.put("test", results.get(0).streams());
            test.put("calibration", results.get(0).calibration());
        } else {
            List<VideoClip> all = withFeatures(dataset.clips(), features);
            delivered = new StreamPoolTrainer(config.pool(), headName, headTrainers).train(all, features.byClip(), dataset.classes(),
                    config.streams(), features.settings(), backbone.info().name(), backbone.info().sha256(),
                    "all " + all.size() + " labelled clips");
            trainedOn.put("trained_on", "all " + all.size() + " labelled clips; the test figures are the "
                    + chosen.size() + "-fold estimate of " + runner.protocolName());
            SplitRunner.putTrainingClips(trainedOn, all);
            test.put("figures_from", "mean over folds " + chosen);
            test.put("test", RunReport.of("", results, Map.of(), 0, null).meanOverSplits());
        }
        long t2 = System.nanoTime();
        Map<String, Double> timings = new LinkedHashMap<>();
        timings.put("extraction", extraction.seconds());
        timings.put("extraction_frames_per_s", extraction.imagesPerSecond());
        timings.put("training_and_evaluation", (t2 - t1) / 1e9);
        timings.put("total", extraction.seconds() + (t2 - t1) / 1e9);
        RunReport report = writeReport(results, timings, extraction.failures(), features.settings(), backbone, chosen,
                Map.of("extracted", extraction.extracted(), "reused", extraction.reused()));
        Path modelFile = config.out().resolve(MODEL_FILE);
        writeModelFile(modelFile, delivered, backbone, trainedOn, test, report.provenance());
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("file", modelFile.getFileName().toString());
        model.putAll(trainedOn);
        model.put("temperature", delivered.calibration().temperature());
        report = report.withModel(model);
        report.write(config.out());
        return report;
    }

    /**
     * Trains the pool on split {@code k}'s training side, tests it on its test side and writes it as a model
     * file with those figures.
     */
    public StreamPoolModel trainAndSave(FeatureSet features, int k, Backbone backbone, Path modelFile)
            throws IOException {
        StreamPoolModel model = train(features, k, backbone);
        SplitResult result = evaluate(model, features, k);
        Map<String, Object> trainedOn = new LinkedHashMap<>();
        trainedOn.put("protocol", runner.protocolName());
        trainedOn.put("protocol_reason", labelled.why());
        trainedOn.put("trained_on", "split " + k + " (training side)");
        SplitRunner.putTrainingClips(trainedOn, withFeatures(split(k).train(), features));
        Map<String, Object> test = new LinkedHashMap<>();
        test.put("figures_from", "split " + k + " (test side)");
        test.put("test", result.streams());
        test.put("calibration", result.calibration());
        writeModelFile(modelFile, model, backbone, trainedOn, test, Provenance.now(runner.datasetProvenance(),
                runner.splitProvenance(List.of(k)), backboneProvenance(backbone),
                settingsJson(features.settings(), config.pool(), headName, Map.of())));
        return model;
    }

    private void writeModelFile(Path file, StreamPoolModel model, Backbone backbone, Map<String, Object> trainedOn,
                                Map<String, Object> test, Provenance provenance) throws IOException {
        ModelFiles.writePool(file, model, ModelFiles.backboneRef(backbone.info()), trainedOn,
                RunReport.mapper().convertValue(test, Map.class), RunReport.mapper().convertValue(provenance, Map.class),
                config.embedBackbone() ? Path.of(backbone.info().file()) : null);
    }

    private static Provenance.Backbone backboneProvenance(Backbone backbone) {
        return new Provenance.Backbone(backbone.info().name(), backbone.info().file(), backbone.info().sha256());
    }

    /** Writes {@code report.md}, {@code report.json} and {@code failures.csv} for these split results. */
    public RunReport writeReport(List<SplitResult> results, Map<String, Double> timings, List<VideoFailure> failed,
                                 Map<String, Object> featureSettings, Backbone backbone, List<Integer> splitNumbers,
                                 Map<String, Object> extraction) throws IOException {
        List<Failure> failures = new ArrayList<>();
        for (VideoFailure f : failed) {
            failures.add(new Failure(f.name(), f.reason() + ": " + f.message()));
        }
        FailuresCsv.write(config.out(), failures);
        Provenance provenance = Provenance.now(runner.datasetProvenance(), runner.splitProvenance(splitNumbers), backboneProvenance(backbone), settingsJson(featureSettings, config.pool(), headName, extraction));
        String streams = String.join("+", config.streams().orderedStreams().stream().map(s -> s.id()).toList());
        RunReport report = RunReport.of("actionrec frozen features: " + dataset.root().getFileName() + ", "
                + backbone.info().name() + ", streams " + streams, results, timings, failures.size(), provenance);
        report.write(config.out());
        return report;
    }

    /** Split {@code k} (1-based) of the protocol. */
    public Split split(int k) {
        return runner.split(k);
    }

    private static List<VideoClip> withFeatures(List<VideoClip> clips, FeatureSet features) {
        return SplitRunner.present(clips, features.byClip());
    }

    private static JsonNode settingsJson(Map<String, Object> featureSettings, PoolSettings pool, String headName,
                                         Map<String, Object> extraction) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("features", featureSettings);
        s.put("pool", Map.of("head", headName, "c_values", pool.cValues(),
                "weight_step", pool.weightStep(), "validation_fraction", pool.validationFraction(), "seed", pool.seed(),
                "svm_tolerance", pool.svmTolerance()));
        s.put("extraction", extraction);
        return new ObjectMapper().valueToTree(s);
    }
}
