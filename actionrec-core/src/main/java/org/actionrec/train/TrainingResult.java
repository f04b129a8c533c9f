package org.actionrec.train;

import java.nio.file.Path;
import org.actionrec.eval.Evaluation;

/**
 * What a training run ended with.
 *
 * @param curve every epoch so far, including those of earlier interrupted runs on the same folder
 * @param bestEpoch 1-based epoch with the highest validation accuracy (first of ties); the last epoch when
 *                  trained without validation clips
 * @param bestValidationAccuracy its validation accuracy, a fraction; NaN without validation clips
 * @param resumedAfterEpoch epochs already done when this call started (0 for a fresh run)
 * @param stoppedEarly whether patience ran out before the configured epoch count
 * @param validation the best checkpoint evaluated on the validation clips; null without validation clips
 * @param directory the checkpoint folder ({@code best}, {@code last}, state, curve files)
 */
public record TrainingResult(TrainingCurve curve, int bestEpoch, double bestValidationAccuracy,
                             int resumedAfterEpoch, boolean stoppedEarly, Evaluation validation, Path directory) {
    /** Epochs trained; a head warm-up (epoch 0 of the curve) is not one of them. */
    public int epochsDone() {
        return (int) curve.epochs().stream().filter(e -> e.epoch() >= 1).count();
    }
}
