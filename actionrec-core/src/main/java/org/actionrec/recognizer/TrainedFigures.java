package org.actionrec.recognizer;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.LinkedHashMap;
import java.util.Map;
import org.actionrec.eval.CalibrationSummary;
import org.actionrec.report.RunReport;

/**
 * The figures of a trained model on one split beside its test evaluation, each there where it applies (null where
 * not): they become the columns of the comparison table and the {@code extra} of {@code bundle.json}, named as
 * the fields in snake case.
 *
 * @param bestEpoch             one model: the epoch validation chose
 * @param members               an ensemble: its size
 * @param memberMeanTop1Pct     an ensemble: the mean of its members' test top-1
 * @param validationTop1Pct     top-1 on the validation clips (an ensemble's: of its mean scores)
 * @param shuffledFramesTop1Pct models that see frame order: test top-1 with each clip's frames shuffled (paper 003)
 * @param beforeNbtlTop1Pct     nbtl: test top-1 of the fine-tuned model before negative back-dropout
 * @param nbtlSeconds           nbtl: the time NB-TL took, over the members
 * @param nbtlPenaltyFrames     nbtl: the misclassified validation keyframes, mean over members
 * @param nbtlDroppedInputs     nbtl: inputs of the hidden layer dropped, mean over members
 * @param nbtlDroppedHidden     nbtl: hidden neurons dropped, mean over members
 * @param fusedSoftmaxTop1Pct   temporal-conv with a fusion stream: paper 003's L-BFGS softmax test top-1
 * @param modelTop1Pct          a fusion with frozen SVMs: the model's own test top-1
 * @param validationFusedTop1Pct a fusion: validation top-1 of the fused scores
 * @param modelWeight           a fusion: the model's weight in it
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainedFigures(Double bestEpoch, Double members, Double memberMeanTop1Pct, Double validationTop1Pct,
                             Double shuffledFramesTop1Pct, Double beforeNbtlTop1Pct, Double nbtlSeconds,
                             Double nbtlPenaltyFrames, Double nbtlDroppedInputs, Double nbtlDroppedHidden,
                             Double fusedSoftmaxTop1Pct, Double modelTop1Pct, Double validationFusedTop1Pct,
                             Double modelWeight, Double temperature, Double eceBeforePct, Double eceAfterPct,
                             Double nllBefore, Double nllAfter) {
    /** None yet. */
    public static final TrainedFigures NONE = new TrainedFigures(null, null, null, null, null, null, null, null, null,
            null, null, null, null, null, null, null, null, null, null);

    /** The figures as named columns, in field order, the absent ones left out. */
    @SuppressWarnings("unchecked")
    public Map<String, Double> columns() {
        return new LinkedHashMap<>(RunReport.mapper().convertValue(this, Map.class));
    }

    public TrainedFigures withModel(Double bestEpoch, Double members, Double memberMeanTop1Pct,
                                    Double validationTop1Pct) {
        return new TrainedFigures(bestEpoch, members, memberMeanTop1Pct, validationTop1Pct, shuffledFramesTop1Pct,
                beforeNbtlTop1Pct, nbtlSeconds, nbtlPenaltyFrames, nbtlDroppedInputs, nbtlDroppedHidden,
                fusedSoftmaxTop1Pct, modelTop1Pct, validationFusedTop1Pct, modelWeight, temperature, eceBeforePct,
                eceAfterPct, nllBefore, nllAfter);
    }

    public TrainedFigures withShuffledFrames(Double top1Pct) {
        return new TrainedFigures(bestEpoch, members, memberMeanTop1Pct, validationTop1Pct, top1Pct,
                beforeNbtlTop1Pct, nbtlSeconds, nbtlPenaltyFrames, nbtlDroppedInputs, nbtlDroppedHidden,
                fusedSoftmaxTop1Pct, modelTop1Pct, validationFusedTop1Pct, modelWeight, temperature, eceBeforePct,
                eceAfterPct, nllBefore, nllAfter);
    }

    public TrainedFigures withNbtl(Double beforeTop1Pct, Double seconds, Double penaltyFrames, Double droppedInputs,
                                   Double droppedHidden) {
        return new TrainedFigures(bestEpoch, members, memberMeanTop1Pct, validationTop1Pct, shuffledFramesTop1Pct,
                beforeTop1Pct, seconds, penaltyFrames, droppedInputs, droppedHidden, fusedSoftmaxTop1Pct,
                modelTop1Pct, validationFusedTop1Pct, modelWeight, temperature, eceBeforePct, eceAfterPct, nllBefore,
                nllAfter);
    }

    public TrainedFigures withFusedSoftmax(Double top1Pct) {
        return new TrainedFigures(bestEpoch, members, memberMeanTop1Pct, validationTop1Pct, shuffledFramesTop1Pct,
                beforeNbtlTop1Pct, nbtlSeconds, nbtlPenaltyFrames, nbtlDroppedInputs, nbtlDroppedHidden, top1Pct,
                modelTop1Pct, validationFusedTop1Pct, modelWeight, temperature, eceBeforePct, eceAfterPct, nllBefore,
                nllAfter);
    }

    /** A fusion's own figures: the model's top-1, the fused validation top-1 and the model's weight. */
    public TrainedFigures withFusion(Double modelTop1, Double validationFusedTop1, Double weight) {
        return new TrainedFigures(bestEpoch, members, memberMeanTop1Pct, validationTop1Pct, shuffledFramesTop1Pct,
                beforeNbtlTop1Pct, nbtlSeconds, nbtlPenaltyFrames, nbtlDroppedInputs, nbtlDroppedHidden,
                fusedSoftmaxTop1Pct, modelTop1, validationFusedTop1, weight, temperature, eceBeforePct, eceAfterPct,
                nllBefore, nllAfter);
    }

    /** ECE and NLL before and after the temperature, and the temperature. */
    public TrainedFigures withCalibration(CalibrationSummary c) {
        return new TrainedFigures(bestEpoch, members, memberMeanTop1Pct, validationTop1Pct, shuffledFramesTop1Pct,
                beforeNbtlTop1Pct, nbtlSeconds, nbtlPenaltyFrames, nbtlDroppedInputs, nbtlDroppedHidden,
                fusedSoftmaxTop1Pct, modelTop1Pct, validationFusedTop1Pct, modelWeight, c.temperature(),
                c.eceBeforePct(), c.eceAfterPct(), c.nllBefore(), c.nllAfter());
    }
}
