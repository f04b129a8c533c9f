package org.actionrec.recognizer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.actionrec.backbone.Backbone;
import org.actionrec.backbone.BackboneException;
import org.actionrec.features.ClipFeatures;
import org.actionrec.features.FeatureExtractor;
import org.actionrec.video.VideoReadException;

/**
 * Predicts the action in a video with a trained {@link StreamPoolModel}: the same keyframes, motion images,
 * preprocessing and backbone as training, then the heads and the fusion. Not thread-safe (the backbone is not).
 */
public final class VideoRecognizer implements Recognizer {
    /** One class and its fused score (higher is more likely; not a probability). */
    public record ClassScore(String label, double score) {
    }

    public record Prediction(Path video, int frameCount, boolean repeatedFrames, List<ClassScore> top) {
        public Prediction {
            top = List.copyOf(top);
        }
    }

    private final StreamPoolModel model;
    private final Backbone backbone;
    private final FeatureExtractor extractor;

    /**
     * @throws ModelMismatchException if the backbone file is not the one the model was trained on (by sha256)
     */
    public VideoRecognizer(StreamPoolModel model, Backbone backbone) throws ModelMismatchException {
        model.requireBackbone(backbone.info());
        this.model = model;
        this.backbone = backbone;
        this.extractor = new FeatureExtractor(model.streamConfig(), backbone.spec().preprocessing(), 1);
    }

    @Override
    public Prediction predict(Path video, int topK) throws VideoReadException, BackboneException {
        ClipFeatures f = extractor.describe(video, video.getFileName().toString(), backbone);
        float[] scores = model.score(f);
        List<ClassScore> all = new ArrayList<>();
        for (int c = 0; c < scores.length; c++) {
            all.add(new ClassScore(model.classes().get(c), scores[c]));
        }
        all.sort(Comparator.comparingDouble(ClassScore::score).reversed());
        return new Prediction(video, f.frameCount(), f.repeatedFrames(), all.subList(0, Math.min(topK, all.size())));
    }
}
