package org.actionrec.model;

import org.actionrec.train.NegativeBackDropout;

/**
 * A member's scores after its kind's own step (per clip), and what that step found.
 *
 * @param beforeNbtl   nbtl: the test scores before negative back-dropout, else null
 * @param fusedSoftmax temporal-conv with a fusion stream: paper 003's L-BFGS softmax on joined descriptors, else null
 * @param nbtl         nbtl: the neurons dropped, else null
 * @param seconds      time the step took
 */
public record MemberOutcome(float[][] test, float[][] validation, float[][] beforeNbtl, float[][] fusedSoftmax,
                            NegativeBackDropout.Result nbtl, double seconds) {
    /** The member's own scores, no step. */
    public static MemberOutcome none(TrainedMember m) {
        return new MemberOutcome(m.testScores(), m.validationScores().get(), null, null, null, 0);
    }
}
