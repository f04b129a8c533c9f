package org.actionrec.model.pool;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleFunction;
import org.actionrec.dataset.GroupSafeValidation;
import org.actionrec.dataset.VideoClip;
import org.actionrec.features.ClipFeatures;
import org.actionrec.head.ClipClassifier;
import org.actionrec.head.FusionChoice;
import org.actionrec.head.FusionWeightSearch;
import org.actionrec.head.HeadTrainer;
import org.actionrec.head.LabelledClip;
import org.actionrec.head.TemperatureScaling;
import org.actionrec.streams.StreamConfig;

/**
 * Trains a {@link StreamPoolModel}: carves a group-safe validation split from the training clips, chooses C
 * and the fusion weights there by fused top-1, then retrains every stream's head on all training clips with
 * the chosen C. Deterministic for the settings' seed.
 */
public final class StreamPoolTrainer {
    private final PoolSettings settings;
    private final String headName;
    private final DoubleFunction<HeadTrainer> trainers;

    /** With the settings' head ({@link HeadKind#trainer}). */
    public StreamPoolTrainer(PoolSettings settings) {
        this(settings, settings.head().name().toLowerCase(java.util.Locale.ROOT), c -> settings.head().trainer(c, settings));
    }

    /**
     * With heads from elsewhere (e.g. trained by a cluster), one trainer per C of the settings' grid; the rest
     * (validation split, C and fusion search, calibration) as for the settings' own head.
     *
     * @param headName what the model file and report call the head
     */
    public StreamPoolTrainer(PoolSettings settings, String headName, DoubleFunction<HeadTrainer> trainers) {
        this.settings = settings;
        this.headName = java.util.Objects.requireNonNull(headName, "headName");
        this.trainers = java.util.Objects.requireNonNull(trainers, "trainers");
    }

    public StreamPoolModel train(List<VideoClip> training, Map<String, ClipFeatures> features, List<String> classes,
                                 StreamConfig streamConfig, Map<String, Object> featureSettings, String backboneName,
                                 String backboneSha256, String trainedOn) {
        List<String> streams = streamConfig.orderedStreams().stream().map(s -> s.id()).toList();
        GroupSafeValidation.TrainValidation tv =
                new GroupSafeValidation(settings.validationFraction(), settings.seed()).carve(training);
        FusionChoice choice = choose(List.of(), List.of(), streams, tv.train(), tv.validation(), features,
                classes.size());
        List<ClipClassifier> heads = retrain(choice.c(), streams, training, features, classes.size());
        int[] validationTruth = perStream(tv.validation(), features, streams).get(0).stream()
                .mapToInt(LabelledClip::label).toArray();
        TemperatureScaling calibration = TemperatureScaling.fit(choice.validationScores(), validationTruth);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("trained_on", trainedOn);
        info.put("training_clips", training.size());
        info.put("validation_clips", tv.validation().size());
        info.put("head", headName);
        info.put("c", choice.c());
        info.put("c_values_tried", settings.cValues());
        info.put("fusion_weights", choice.fusion().weights());
        info.put("validation_fused_top1_pct", choice.validationTop1Pct());
        info.put("svm_tolerance", settings.svmTolerance());
        info.put("seed", settings.seed());
        info.put("calibration", "temperature " + calibration.temperature() + ", fitted on the fused scores of the "
                + validationTruth.length + " validation clips");
        return new StreamPoolModel(classes, streams, heads, choice.fusion(), streamConfig, featureSettings, backboneName,
                backboneSha256, info, calibration);
    }

    /**
     * C and fusion weights by fused top-1 on the validation clips, with the heads trained on the training
     * clips; streams with fixed validation scores (a trained model's) are fused first, beside the heads.
     */
    public FusionChoice choose(List<String> fixedStreams, List<float[][]> fixedScores, List<String> streams,
                        List<VideoClip> train, List<VideoClip> validation, Map<String, ClipFeatures> features,
                        int classCount) {
        FusionWeightSearch search = new FusionWeightSearch(settings.cValues(), settings.weightStep(),
                trainers);
        return search.search(fixedStreams, fixedScores, streams, perStream(train, features, streams),
                perStream(validation, features, streams), classCount);
    }

    /** One head per stream with the chosen C, on all the given clips. */
    public List<ClipClassifier> retrain(double c, List<String> streams, List<VideoClip> clips,
                                 Map<String, ClipFeatures> features, int classCount) {
        List<ClipClassifier> heads = new ArrayList<>();
        for (List<LabelledClip> stream : perStream(clips, features, streams)) {
            heads.add(trainers.apply(c).train(stream, classCount));
        }
        return heads;
    }

    static List<List<LabelledClip>> perStream(List<VideoClip> clips, Map<String, ClipFeatures> features,
                                              List<String> streams) {
        List<List<LabelledClip>> out = new ArrayList<>();
        for (String s : streams) {
            List<LabelledClip> l = new ArrayList<>();
            for (VideoClip c : clips) {
                ClipFeatures f = features.get(c.relativeName());
                if (f != null) {
                    l.add(new LabelledClip(f.stream(s), c.classIndex()));
                }
            }
            out.add(l);
        }
        return out;
    }
}
