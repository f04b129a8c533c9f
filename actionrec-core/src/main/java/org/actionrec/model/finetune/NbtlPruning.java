package org.actionrec.model.finetune;

import java.util.List;
import org.actionrec.train.NegativeBackDropout;

/**
 * What negative back-dropout (paper 002) dropped from each fine-tuned member, as a model file keeps it
 * ({@value #ENTRY}): the checkpoints hold the fine-tuned network before pruning, and the scorer zeroes these
 * neurons' outgoing weights after loading, so the file predicts as the pruned model was tested.
 *
 * @param ratio   the share of each layer's neurons NB-TL could drop
 * @param members per checkpoint the model file names, in its order
 */
public record NbtlPruning(double ratio, List<Member> members) {
    public static final String ENTRY = "nbtl.json";

    /**
     * @param droppedInputs inputs of the hidden layer whose outgoing weights (W1 columns) are zeroed
     * @param droppedHidden hidden neurons whose outgoing weights (W2 columns) are zeroed
     */
    public record Member(int[] droppedInputs, int[] droppedHidden) {
    }

    public NbtlPruning {
        members = List.copyOf(members);
    }

    static NbtlPruning of(double ratio, List<NegativeBackDropout.Result> results) {
        return new NbtlPruning(ratio, results.stream().map(r -> new Member(r.droppedInputs(), r.droppedHidden()))
                .toList());
    }
}
