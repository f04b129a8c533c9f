package org.actionrec.recognizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.actionrec.dataset.VideoClip;
import org.actionrec.features.ClipFeatures;
import org.actionrec.head.ClipClassifier;
import org.actionrec.head.FusionChoice;
import org.actionrec.head.FusionWeightSearch;
import org.actionrec.head.ScoreFusion;
import org.actionrec.model.pool.PoolSettings;
import org.actionrec.model.pool.StreamPoolTrainer;

/**
 * Paper 000's last step with a trained model in the pool: the model's clip scores are averaged with the clip
 * scores of frozen-descriptor heads (SVMs by default) on other streams, each stream z-normalised. C and the
 * weights are chosen on the validation clips by fused top-1 ({@link FusionWeightSearch}, the model's scores
 * held fixed); the heads are then retrained on training and validation clips, as the stream pool does.
 *
 * <p>The model picked its best epoch on the same validation clips, so its validation scores are a little
 * optimistic next to the heads'; the weights may lean toward it. The test side is untouched by any choice.
 */
public final class FrozenStreamScoreFusion {
    /**
     * @param fusion            streams (the model first), weights and normalisers
     * @param heads             the frozen streams' heads, retrained on training + validation clips
     * @param validationScores  fused [validation clips][classes], with the heads trained without them
     * @param testScores        fused [test clips][classes]
     * @param trainingSeconds   choosing C and weights, retraining the heads
     * @param inferenceSeconds  scoring the test clips with the heads and fusing
     */
    public record Result(ScoreFusion fusion, List<ClipClassifier> heads, double c, double validationTop1Pct,
                         float[][] validationScores, float[][] testScores, double trainingSeconds,
                         double inferenceSeconds) {
    }

    private final PoolSettings settings;
    private final List<String> streams;

    /** @param streams frozen streams to fuse with, each present in the descriptors given to {@link #fuse} */
    public FrozenStreamScoreFusion(PoolSettings settings, List<String> streams) {
        if (streams.isEmpty()) throw new IllegalArgumentException("no frozen stream to fuse with");
        this.settings = settings;
        this.streams = List.copyOf(streams);
    }

    /**
     * @param model           the trained model's name in the fusion
     * @param modelValidation its scores of {@code validation}, in that order
     * @param modelTest       its scores of {@code test}, in that order
     * @param frozen          frozen descriptors of every clip given
     */
    public Result fuse(String model, float[][] modelValidation, float[][] modelTest, List<VideoClip> train,
                       List<VideoClip> validation, List<VideoClip> test, Map<String, ClipFeatures> frozen,
                       int classCount) {
        requirePresent(train, frozen);
        requirePresent(validation, frozen);
        requirePresent(test, frozen);
        long t0 = System.nanoTime();
        StreamPoolTrainer pool = new StreamPoolTrainer(settings);
        FusionChoice choice = pool.choose(List.of(model), List.<float[][]>of(modelValidation), streams, train,
                validation, frozen, classCount);
        List<VideoClip> side = new ArrayList<>(train);
        side.addAll(validation);
        List<ClipClassifier> heads = pool.retrain(choice.c(), streams, side, frozen, classCount);
        long t1 = System.nanoTime();
        List<float[][]> scores = new ArrayList<>();
        scores.add(modelTest);
        for (int s = 0; s < streams.size(); s++) {
            String stream = streams.get(s);
            scores.add(heads.get(s).scoreClips(test.stream()
                    .map(c -> frozen.get(c.relativeName()).stream(stream)).toList()));
        }
        float[][] fused = choice.fusion().fuse(scores);
        long t2 = System.nanoTime();
        return new Result(choice.fusion(), heads, choice.c(), choice.validationTop1Pct(), choice.validationScores(),
                fused, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
    }

    private void requirePresent(List<VideoClip> clips, Map<String, ClipFeatures> frozen) {
        for (VideoClip c : clips) {
            ClipFeatures f = frozen.get(c.relativeName());
            if (f == null) {
                throw new IllegalStateException("no frozen descriptors for " + c.relativeName());
            }
            for (String s : streams) {
                if (!f.streams().containsKey(s)) {
                    throw new IllegalStateException("no " + s + " descriptors for " + c.relativeName());
                }
            }
        }
    }
}
