package org.actionrec.head;

/**
 * What {@link FusionWeightSearch} chose: the SVM C, the fusion (weights and normalisers from the validation
 * scores) and the fused top-1 it reached on the validation set, in percent.
 */
public record FusionChoice(double c, ScoreFusion fusion, double validationTop1Pct) {
}
