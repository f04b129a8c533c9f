package org.actionrec.timeline;

import java.util.List;
import java.util.Objects;
import org.actionrec.backbone.Backbone;
import org.actionrec.head.TemperatureScaling;
import org.actionrec.model.ClipScorer;

/**
 * What scores a window: the backbone sessions that make its descriptors (one, or several that take windows in
 * turn), the model after them (a stream pool or a trained descriptor model, with the descriptor sets it reads)
 * and the temperature that turns its scores into probabilities. The caller owns and closes them.
 */
public record WindowModel(List<Backbone> backbones, ClipScorer scorer, TemperatureScaling calibration,
                          List<String> classes) {
    public WindowModel {
        backbones = List.copyOf(backbones);
        if (backbones.isEmpty()) throw new IllegalArgumentException("a window model needs a backbone session");
        Objects.requireNonNull(scorer, "scorer");
        Objects.requireNonNull(calibration, "calibration");
        classes = List.copyOf(classes);
    }

    public WindowModel(Backbone backbone, ClipScorer scorer, TemperatureScaling calibration, List<String> classes) {
        this(List.of(backbone), scorer, calibration, classes);
    }

    /** The first session: the preprocessing and descriptor every session shares. */
    public Backbone backbone() {
        return backbones.get(0);
    }

    /** Keyframes per window: the first descriptor set's K (the grid windows are aligned to). */
    public int keyframes() {
        return scorer.inputs().get(0).keyframes();
    }
}
