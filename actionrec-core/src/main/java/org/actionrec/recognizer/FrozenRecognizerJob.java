package org.actionrec.recognizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.actionrec.ProgressListener;
import org.actionrec.backbone.Backbone;
import org.actionrec.backbone.BackboneException;
import org.actionrec.dataset.DatasetException;
import org.actionrec.dataset.FolderPerClassDataset;
import org.actionrec.dataset.Split;
import org.actionrec.dataset.SplitProtocol;
import org.actionrec.dataset.VideoClip;
import org.actionrec.dataset.VideoDataset;
import org.actionrec.eval.ConfusionMatrixWriter;
import org.actionrec.eval.Evaluation;
import org.actionrec.eval.EvaluationSummary;
import org.actionrec.features.ClipFeatures;
import org.actionrec.features.ExtractionResult;
import org.actionrec.features.FeatureExtractor;
import org.actionrec.features.FeatureStore;
import org.actionrec.report.Failure;
import org.actionrec.report.FailuresCsv;
import org.actionrec.report.Provenance;
import org.actionrec.report.RunReport;
import org.actionrec.report.SplitResult;
import org.actionrec.streams.StreamConfig;
import org.actionrec.video.VideoFailure;

/**
 * Paper 000's frozen-feature pipeline end to end: extract (or reuse) descriptors, then for every official
 * split train the stream pool on the training side, evaluate every stream and the fusion on the test side,
 * and write the report, confusion matrices, failures and the model bundle (trained on the first split).
 */
public final class FrozenRecognizerJob {
    /**
     * @param splits the split numbers to run (1-based); empty for all the protocol has
     */
    public record Config(Path data, Path out, Path store, StreamConfig streams, int workers, PoolSettings pool,
                         List<Integer> splits) {
        public Config {
            splits = List.copyOf(splits);
        }
    }

    /** What the CLI watches: extraction progress (clips) and training progress (splits). */
    public record Listeners(ProgressListener extraction, ProgressListener splits) {
        public static final Listeners NONE = new Listeners(ProgressListener.NONE, ProgressListener.NONE);
    }

    public static final String MODEL_FILE = "model.json";

    private final Config config;

    public FrozenRecognizerJob(Config config) {
        this.config = config;
    }

    public RunReport run(Backbone backbone, Listeners listeners)
            throws IOException, BackboneException, InterruptedException {
        return run(List.of(backbone), listeners);
    }

    /** As {@link #run(Backbone, Listeners)}, extracting with several sessions of the same backbone side by side. */
    public RunReport run(List<Backbone> sessions, Listeners listeners)
            throws IOException, BackboneException, InterruptedException {
        Backbone backbone = sessions.get(0);
        long t0 = System.nanoTime();
        VideoDataset dataset = FolderPerClassDataset.load(config.data());
        SplitProtocol protocol = SplitProtocol.detect(dataset.root()).orElseThrow(() -> new DatasetException(
                dataset.root(), "no official splits found (expected a splits/ folder of <class>_test_split<k>.txt "
                + "files or a ucfTrainTestlist/ folder)"));
        List<Split> allSplits = protocol.splits(dataset);
        List<Integer> chosen = config.splits().isEmpty()
                ? java.util.stream.IntStream.rangeClosed(1, allSplits.size()).boxed().toList() : config.splits();

        FeatureExtractor extractor = new FeatureExtractor(config.streams(), backbone.spec().preprocessing(), config.workers());
        Map<String, Object> featureSettings = extractor.settings(backbone);
        FeatureStore store = new FeatureStore(config.store(), featureSettings);
        ExtractionResult extraction = extractor.extract(dataset.clips(), sessions, store, listeners.extraction());
        long t1 = System.nanoTime();

        Map<String, ClipFeatures> features = new HashMap<>();
        for (VideoClip c : dataset.clips()) {
            store.get(c.relativeName(), c.path()).ifPresent(f -> features.put(c.relativeName(), f));
        }
        List<String> streams = config.streams().orderedStreams().stream().map(s -> s.id()).toList();
        StreamPoolTrainer trainer = new StreamPoolTrainer(config.pool());
        List<SplitResult> results = new ArrayList<>();
        for (int i = 0; i < chosen.size(); i++) {
            int k = chosen.get(i);
            if (k < 1 || k > allSplits.size()) {
                throw new IllegalArgumentException("split " + k + " does not exist; " + protocol.name()
                        + " has " + allSplits.size());
            }
            Split split = allSplits.get(k - 1);
            List<VideoClip> train = withFeatures(split.train(), features);
            List<VideoClip> test = withFeatures(split.test(), features);
            StreamPoolModel model = trainer.train(train, features, dataset.classes(), config.streams(), featureSettings,
                    backbone.info().name(), backbone.info().sha256(), protocol.name() + " split " + k + " (training side)");
            results.add(new SplitResult(k, evaluate(model, test, features, k)));
            if (i == 0) {
                model.save(config.out().resolve(MODEL_FILE));
            }
            listeners.splits().progress(i + 1, chosen.size(), "split " + k);
        }
        long t2 = System.nanoTime();

        List<Failure> failures = new ArrayList<>();
        for (VideoFailure f : extraction.failures()) {
            failures.add(new Failure(f.name(), f.reason() + ": " + f.message()));
        }
        FailuresCsv.write(config.out(), failures);
        Map<String, Double> timings = new LinkedHashMap<>();
        timings.put("extraction", (t1 - t0) / 1e9);
        timings.put("extraction_frames_per_s", extraction.imagesPerSecond());
        timings.put("training_and_evaluation", (t2 - t1) / 1e9);
        timings.put("total", (t2 - t0) / 1e9);
        Provenance provenance = Provenance.now(
                Provenance.Dataset.of(dataset.root().toString(), dataset.clips().stream().map(VideoClip::relativeName).toList()),
                new Provenance.Split(protocol.name(), chosen),
                new Provenance.Backbone(backbone.info().name(), backbone.info().file(), backbone.info().sha256()),
                settingsJson(featureSettings, config.pool(), extraction));
        RunReport report = RunReport.of("actionrec frozen features: " + dataset.root().getFileName() + ", "
                + backbone.info().name() + ", streams " + String.join("+", streams), results, timings, failures.size(), provenance);
        report.write(config.out());
        return report;
    }

    private Map<String, EvaluationSummary> evaluate(StreamPoolModel model, List<VideoClip> test,
                                                   Map<String, ClipFeatures> features, int split) throws IOException {
        int[] truth = test.stream().mapToInt(VideoClip::classIndex).toArray();
        List<String> ids = test.stream().map(VideoClip::relativeName).toList();
        Map<String, EvaluationSummary> out = new LinkedHashMap<>();
        List<float[][]> perStream = new ArrayList<>();
        for (int s = 0; s < model.streams().size(); s++) {
            String stream = model.streams().get(s);
            float[][] scores = model.heads().get(s).scoreClips(test.stream()
                    .map(c -> features.get(c.relativeName()).stream(stream)).toList());
            perStream.add(scores);
            Evaluation e = Evaluation.of(scores, truth, model.classes(), ids);
            ConfusionMatrixWriter.write(config.out(), stream, split, e);
            out.put(stream, EvaluationSummary.of(e));
        }
        if (model.streams().size() > 1) {
            Evaluation fused = Evaluation.of(model.fusion().fuse(perStream), truth, model.classes(), ids);
            ConfusionMatrixWriter.write(config.out(), RunReport.FUSED, split, fused);
            out.put(RunReport.FUSED, EvaluationSummary.of(fused));
        }
        return out;
    }

    private static List<VideoClip> withFeatures(List<VideoClip> clips, Map<String, ClipFeatures> features) {
        return clips.stream().filter(c -> features.containsKey(c.relativeName())).toList();
    }

    private static JsonNode settingsJson(Map<String, Object> featureSettings, PoolSettings pool, ExtractionResult e) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("features", featureSettings);
        s.put("pool", Map.of("head", pool.head().name().toLowerCase(java.util.Locale.ROOT), "c_values", pool.cValues(),
                "weight_step", pool.weightStep(), "validation_fraction", pool.validationFraction(), "seed", pool.seed(),
                "svm_tolerance", pool.svmTolerance()));
        s.put("extraction", Map.of("extracted", e.extracted(), "reused", e.reused(), "failures", e.failures().size()));
        return new ObjectMapper().valueToTree(s);
    }
}
