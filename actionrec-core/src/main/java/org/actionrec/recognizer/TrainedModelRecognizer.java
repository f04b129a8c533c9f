package org.actionrec.recognizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.actionrec.backbone.Backbone;
import org.actionrec.backbone.BackboneException;
import org.actionrec.features.ClipFeatures;
import org.actionrec.features.FeatureExtractor;
import org.actionrec.head.HeadCodec;
import org.actionrec.head.ScoreFusion;
import org.actionrec.streams.Stream;
import org.actionrec.streams.StreamConfig;
import org.actionrec.train.ModelRecipe;
import org.actionrec.train.SequenceSample;
import org.actionrec.train.SequenceTrainer;
import org.actionrec.video.VideoReadException;

/**
 * Predicts the action in a video with a model {@link ModelTrainingJob} trained on frame descriptors
 * (late-fusion, lrcn): the bundle's keyframes, streams and backbone make the video's descriptors, and the
 * checkpoints it was tested with score them (a seed ensemble's members averaged, refitted ones where the
 * model was refitted). The model's own scores only: the frozen SVMs of a score fusion are not kept.
 * Not thread-safe (the backbone is not); close it to free the models.
 */
public final class TrainedModelRecognizer implements Recognizer {
    private final String model;
    private final List<String> classes;
    private final List<String> streams;
    private final List<SequenceTrainer.Trained> members;
    private final Backbone backbone;
    private final FeatureExtractor extractor;

    private TrainedModelRecognizer(String model, List<String> classes, StreamConfig config,
                                   List<SequenceTrainer.Trained> members, Backbone backbone) {
        this.model = model;
        this.classes = List.copyOf(classes);
        this.streams = config.orderedStreams().stream().map(Stream::id).toList();
        this.members = List.copyOf(members);
        this.backbone = backbone;
        this.extractor = new FeatureExtractor(config, backbone.spec().preprocessing(), 1);
    }

    /** Whether {@code file} is a trained model's {@code bundle.json} (not a stream pool's {@code model.json}). */
    public static boolean isBundle(Path file) throws IOException {
        return ModelTrainingJob.FORMAT.equals(read(file).path("format").asText());
    }

    /**
     * Opens the bundle and the checkpoints beside it.
     *
     * @throws ModelMismatchException if {@code backbone} is not the file the descriptors were made with
     * @throws IllegalArgumentException for a model that reads pixels or conv maps, not descriptors
     */
    public static TrainedModelRecognizer open(Path bundleFile, Backbone backbone)
            throws IOException, ModelMismatchException {
        JsonNode bundle = read(bundleFile);
        if (!ModelTrainingJob.FORMAT.equals(bundle.path("format").asText())) {
            throw new IOException(bundleFile + " has format '" + bundle.path("format").asText() + "', expected "
                    + ModelTrainingJob.FORMAT);
        }
        if (!bundle.has("stream_config") || !bundle.has(ModelTrainingJob.SCORED_BY)) {
            throw new IOException(bundleFile + " was written by an earlier actionrec without the stream settings and "
                    + "checkpoint list predict needs; run the same train or compare command again to rewrite it");
        }
        String model = bundle.path("model").asText();
        ModelRecipe.Input input = ModelRecipe.inputOf(model);
        if (input != ModelRecipe.Input.DESCRIPTORS) {
            throw new IllegalArgumentException("predict reads models of frame descriptors (late-fusion, lrcn); "
                    + model + " reads " + input.name().toLowerCase(Locale.ROOT).replace('_', ' '));
        }
        String sha256 = bundle.path("input").path("backbone_sha256").asText();
        if (!sha256.equalsIgnoreCase(backbone.info().sha256())) {
            throw new ModelMismatchException("the model was trained on descriptors of backbone "
                    + bundle.path("input").path("backbone").asText() + " with sha256 " + sha256 + ", but "
                    + backbone.info().file() + " has sha256 " + backbone.info().sha256()
                    + "; pass the same backbone file the model was trained with");
        }
        StreamConfig config = HeadCodec.mapper().treeToValue(bundle.path("stream_config"), StreamConfig.class);
        List<String> classes = new ArrayList<>();
        bundle.path("classes").forEach(c -> classes.add(c.asText()));
        List<SequenceTrainer.Trained> members = new ArrayList<>();
        try {
            for (JsonNode folder : bundle.path(ModelTrainingJob.SCORED_BY)) {
                members.add(SequenceTrainer.load(bundleFile.toAbsolutePath().getParent().resolve(folder.asText()),
                        SequenceTrainer.Checkpoint.BEST));
            }
            if (members.isEmpty()) throw new IOException(bundleFile + " names no checkpoints");
        } catch (IOException | RuntimeException e) {
            members.forEach(SequenceTrainer.Trained::close);
            throw e;
        }
        return new TrainedModelRecognizer(model, classes, config, members, backbone);
    }

    private static JsonNode read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new FileNotFoundException("model bundle not found: " + file);
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + " is not an actionrec model bundle: " + e.getMessage(), e);
        }
    }

    /** The model's name, as trained. */
    public String model() {
        return model;
    }

    /** Checkpoints whose scores are averaged (a seed ensemble's members; 1 for one model). */
    public int members() {
        return members.size();
    }

    /** The top {@code topK} classes of a video by the members' mean class score (logits, not probabilities). */
    @Override
    public VideoRecognizer.Prediction predict(Path video, int topK) throws VideoReadException, BackboneException {
        ClipFeatures f = extractor.describe(video, video.getFileName().toString(), backbone);
        List<SequenceSample> clip = List.of(new SequenceSample(f.clip(), ModelTrainingJob.joined(f, streams), 0));
        List<float[][]> scores = new ArrayList<>();
        for (SequenceTrainer.Trained member : members) scores.add(member.scores(clip));
        float[] mean = ScoreFusion.mean(scores)[0];
        List<VideoRecognizer.ClassScore> all = new ArrayList<>();
        for (int c = 0; c < mean.length; c++) all.add(new VideoRecognizer.ClassScore(classes.get(c), mean[c]));
        all.sort(Comparator.comparingDouble(VideoRecognizer.ClassScore::score).reversed());
        return new VideoRecognizer.Prediction(video, f.frameCount(), f.repeatedFrames(),
                all.subList(0, Math.min(topK, all.size())));
    }

    @Override
    public void close() {
        members.forEach(SequenceTrainer.Trained::close);
    }
}
