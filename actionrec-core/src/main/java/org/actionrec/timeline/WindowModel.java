package org.actionrec.timeline;

import java.util.List;
import java.util.Objects;
import org.actionrec.backbone.Backbone;
import org.actionrec.head.TemperatureScaling;
import org.actionrec.recognizer.ClipScorer;

/**
 * What scores a window: the backbone session that makes its descriptors, the model after it (a stream pool or a
 * trained descriptor model, with the descriptor sets it reads) and the temperature that turns its scores into
 * probabilities. The caller owns and closes them.
 */
public record WindowModel(Backbone backbone, ClipScorer scorer, TemperatureScaling calibration, List<String> classes) {
    public WindowModel {
        Objects.requireNonNull(backbone, "backbone");
        Objects.requireNonNull(scorer, "scorer");
        Objects.requireNonNull(calibration, "calibration");
        classes = List.copyOf(classes);
    }

    /** Keyframes per window: the first descriptor set's K (the grid windows are aligned to). */
    public int keyframes() {
        return scorer.inputs().get(0).keyframes();
    }
}
