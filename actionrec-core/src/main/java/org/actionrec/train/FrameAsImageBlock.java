package org.actionrec.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * finetune's first layer: the one stored frame of a sample, [N, 1, C·s·s], as an image [N, C, s, s]; with
 * mirroring, each training image is flipped left-right with probability 1/2 (the usual augmentation of
 * ImageNet fine-tuning: JHMDB's actions look the same mirrored). The coin flips come from the engine's
 * random generator, which the trainer seeds per epoch, so a resumed run draws the same ones.
 */
final class FrameAsImageBlock extends AbstractBlock {
    private static final byte VERSION = 1;
    private final int channels;
    private final boolean mirrorWhileTraining;

    FrameAsImageBlock(int channels, boolean mirrorWhileTraining) {
        super(VERSION);
        this.channels = channels;
        this.mirrorWhileTraining = mirrorWhileTraining;
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape shape = x.getShape();
        if (shape.get(1) != 1) {
            throw new IllegalArgumentException("finetune takes one frame per sample, got " + shape.get(1));
        }
        long side = SequenceModels.squareSide(shape.get(2), channels);
        NDArray image = x.reshape(shape.get(0), channels, side, side);
        if (!training || !mirrorWhileTraining) return new NDList(image);
        NDArray heads = x.getManager().randomUniform(0f, 1f, new Shape(shape.get(0), 1, 1, 1)).lt(0.5f)
                .broadcast(image.getShape()); // DJL's where does not broadcast
        return new NDList(NDArrays.where(heads, image.flip(3), image));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        long side = SequenceModels.squareSide(in.get(2), channels);
        return new Shape[] {new Shape(in.get(0), channels, side, side)};
    }

    /** The sample with each frame (C·s·s floats, channel-major) mirrored left-right. */
    static SequenceSample mirrored(SequenceSample sample, int channels) {
        float[][] out = new float[sample.length()][];
        for (int t = 0; t < out.length; t++) {
            float[] frame = sample.frames()[t];
            int side = Math.toIntExact(SequenceModels.squareSide(frame.length, channels));
            float[] flipped = new float[frame.length];
            for (int row = 0; row < frame.length; row += side) {
                for (int col = 0; col < side; col++) flipped[row + col] = frame[row + side - 1 - col];
            }
            out[t] = flipped;
        }
        return new SequenceSample(sample.clipId(), out, sample.label());
    }
}
