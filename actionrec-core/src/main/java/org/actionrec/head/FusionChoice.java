package org.actionrec.head;

/**
 * What {@link FusionWeightSearch} chose: the SVM C, the fusion (weights and normalisers from the validation
 * scores), the fused top-1 it reached on the validation set, in percent, and the fused validation scores
 * themselves [validation clips][classes] (what a calibration is fitted on).
 */
public record FusionChoice(double c, ScoreFusion fusion, double validationTop1Pct, float[][] validationScores) {
}
