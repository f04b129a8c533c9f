package org.actionrec.model;

import java.util.List;
import java.util.Map;

/**
 * The gradient of one class's score with respect to every pooled descriptor a model reads (per input, stream and
 * frame), through the model's head.
 *
 * @param score     the class's score (the scorer's own, before calibration)
 * @param linear    whether the score is linear in the descriptors (then contributions + bias = score exactly)
 * @param bias      for a linear score, its constant part; NaN otherwise
 * @param gradients per input (the scorer's {@link ClipScorer#inputs()} order), stream id → [frames][D]
 */
public record ScoreGradient(double score, boolean linear, double bias, List<Map<String, float[][]>> gradients) {
}
