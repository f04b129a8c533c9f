package org.actionrec.explain;

import java.util.List;
import org.actionrec.features.ClipFeatures;
import org.actionrec.model.ClipScorer;
import org.actionrec.model.ExplanationBasis;
import org.actionrec.model.ScoreGradient;

/**
 * The gradient of one class's score with respect to every pooled descriptor a model reads, as the model's
 * {@link ClipScorer#explanation()} gives it: exact weights for the pool's linear SVMs, DJL's autograd on the
 * checkpoints of trained descriptor models.
 */
public final class ScoreGradients {
    private ScoreGradients() {
    }

    /**
     * The gradient of class {@code cls}'s score for a clip's descriptors of each of the scorer's inputs.
     *
     * @throws UnsupportedOperationException where the model's scores are not explained through descriptors
     */
    public static ScoreGradient of(ClipScorer scorer, List<ClipFeatures> inputs, int cls) {
        ExplanationBasis basis = scorer.explanation();
        if (basis instanceof ExplanationBasis.DescriptorGradients d) return d.gradients().of(inputs, cls);
        if (basis instanceof ExplanationBasis.NotExplained n) throw new UnsupportedOperationException(n.reason());
        throw new UnsupportedOperationException(
                "a fine-tuned model is explained through its own networks, not through descriptor gradients");
    }
}
