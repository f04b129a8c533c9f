package org.actionrec.train;

import java.util.EnumSet;
import org.actionrec.streams.Stream;
import org.actionrec.streams.StreamConfig;
import org.actionrec.train.SequenceModels.ModelSpec;

/**
 * What a trainable model reads and how it is trained: its kind's defaults (its paper's settings where the paper
 * gives them), changed by the command's options.
 *
 * @param model   the kind's id
 * @param input   what each frame becomes before the model
 * @param frames  frames per clip (keyframes for finetune)
 * @param streams the streams read
 * @param rule    which streams the model may read
 */
public record ModelRecipe(String model, ModelSpec spec, TrainingConfig training, Input input, int frames,
                          StreamConfig streams, StreamRule rule) {
    public ModelRecipe {
        if (spec.mirror() && streams.streams().contains(Stream.FLOW_X)) {
            // a mirrored flow_x image is not the flow of the mirrored video: its sign would have to flip too
            throw new IllegalArgumentException("mirroring applies to rgb, flow_y and mhi images, not flow_x");
        }
    }

    /** Backbone descriptors, pooled last conv maps, or the normalised pixels themselves. */
    public enum Input { DESCRIPTORS, CONV_MAPS, PIXELS }

    /** The streams a model may read: any of them joined, exactly one, or rgb frames only. */
    public enum StreamRule { ANY, ONE, RGB_ONLY }

    public ModelRecipe withSpec(ModelSpec s) {
        return new ModelRecipe(model, s, training, input, frames, streams, rule);
    }

    public ModelRecipe withTraining(TrainingConfig t) {
        return new ModelRecipe(model, spec, t, input, frames, streams, rule);
    }

    /** Frames per clip; the stream config follows. */
    public ModelRecipe withFrames(int n) {
        return new ModelRecipe(model, spec, training, input, n, streams.withKeyframes(n), rule);
    }

    /** The streams read, as {@link #rule} allows. */
    public ModelRecipe withStreams(EnumSet<Stream> chosen) {
        if (rule == StreamRule.RGB_ONLY && !chosen.equals(EnumSet.of(Stream.RGB))) {
            throw new IllegalArgumentException(model + " reads rgb frames only");
        }
        if (rule == StreamRule.ONE && chosen.size() != 1) {
            throw new IllegalArgumentException(model + " fine-tunes on one stream at a time, got " + chosen);
        }
        return new ModelRecipe(model, spec, training, input, frames, streams.withStreams(chosen), rule);
    }
}
