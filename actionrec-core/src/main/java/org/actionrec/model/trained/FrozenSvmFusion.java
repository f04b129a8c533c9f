package org.actionrec.model.trained;

import java.util.ArrayList;
import java.util.List;
import org.actionrec.features.ClipFeatures;
import org.actionrec.head.ClipClassifier;
import org.actionrec.head.ScoreFusion;
import org.actionrec.streams.StreamConfig;

/**
 * The frozen-descriptor heads that a trained model's scores are fused with ({@link FrozenStreamScoreFusion}),
 * kept so that a model file predicts as it was tested: {@code fusion.json} in the model file.
 *
 * @param streams      the frozen streams, in {@code heads} order
 * @param heads        one head per frozen stream, retrained on training + validation clips
 * @param fusion       the trained model first, then {@code streams}: weights and normalisers
 * @param streamConfig how the frozen descriptors are made
 */
public record FrozenSvmFusion(List<String> streams, List<ClipClassifier> heads, ScoreFusion fusion,
                              StreamConfig streamConfig) {
    public static final String ENTRY = "fusion.json";

    public FrozenSvmFusion {
        streams = List.copyOf(streams);
        heads = List.copyOf(heads);
        if (streams.size() != heads.size() || fusion.streams().size() != streams.size() + 1) {
            throw new IllegalArgumentException("one head per frozen stream, and a fusion of the model and them");
        }
    }

    /** The fused scores of one clip, from the model's own clip scores and the clip's frozen descriptors. */
    public float[] fuse(float[] modelScores, ClipFeatures frozen) {
        List<float[]> scores = new ArrayList<>();
        scores.add(modelScores);
        for (int s = 0; s < streams.size(); s++) scores.add(heads.get(s).scoreClip(frozen.stream(streams.get(s))));
        return fusion.fuseClip(scores);
    }
}
