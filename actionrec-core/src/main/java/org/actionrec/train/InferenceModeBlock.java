package org.actionrec.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Runs its block in inference mode even while training: a fine-tuned backbone keeps the batch-norm statistics
 * it was pretrained with, while its weights still get gradients. On mini-batches of 32 frames the batch's own
 * statistics differ from ImageNet's, so train-mode batch norm changes every descriptor at once and throws away
 * what the warmed-up head had learnt (JHMDB split 1: validation 40% after warm-up, 28% after one epoch).
 */
final class InferenceModeBlock extends AbstractBlock {
    private static final byte VERSION = 1;
    private final Block inner;

    InferenceModeBlock(Block inner) {
        super(VERSION);
        this.inner = addChildBlock("backbone", inner);
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        return inner.forward(parameterStore, inputs, false, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inner.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        inner.initialize(manager, dataType, inputShapes);
    }
}
