package org.actionrec.model;

import java.util.List;
import org.actionrec.features.ClipFeatures;
import org.actionrec.train.TrainedNetwork;

/** How a model's score is explained: the part of its contract that explanations read (Tribuo's excuse). */
public sealed interface ExplanationBasis {
    /**
     * The score is a function of descriptors that are spatial means of the backbone's last conv maps: its gradient
     * with respect to them spreads over the maps (CAM, exact for linear heads; Grad-CAM otherwise).
     */
    record DescriptorGradients(Gradients gradients) implements ExplanationBasis {
    }

    /**
     * The backbone itself was trained: the networks (ensemble members) are explained layer by layer, each used
     * only while holding {@code lock}.
     */
    record FineTunedNetworks(List<TrainedNetwork> members, Object lock) implements ExplanationBasis {
        public FineTunedNetworks {
            members = List.copyOf(members);
        }
    }

    /** No explanation is given, and why (said to the user as it is). */
    record NotExplained(String reason) implements ExplanationBasis {
    }

    /** The gradient of a class's score for a clip's descriptors of each of the scorer's inputs. */
    @FunctionalInterface
    interface Gradients {
        ScoreGradient of(List<ClipFeatures> inputs, int cls);
    }
}
