package org.actionrec.model;

import java.util.List;
import org.actionrec.features.ClipFeatures;
import org.actionrec.streams.StreamConfig;

/**
 * The part of a model after the backbone: class scores of one clip from its descriptors. A stream pool reads
 * one set of descriptors; a trained model fused with frozen-descriptor SVMs reads two (its own, and the
 * frozen streams').
 */
public interface ClipScorer extends AutoCloseable {
    /** The descriptor sets it reads, each made by the model's backbone from the same video. */
    List<StreamConfig> inputs();

    /** Class scores of one clip (not probabilities), from its descriptors of each input, in {@link #inputs()} order. */
    float[] score(List<ClipFeatures> clip);

    /**
     * How its scores are explained; by default not at all, which an explanation reports with the kind's reason.
     */
    default ExplanationBasis explanation() {
        return new ExplanationBasis.NotExplained("this kind of model gives no explanation");
    }

    /** Frees what the scorer holds. */
    @Override
    default void close() {
    }
}
