package org.actionrec.backbone;

import java.nio.FloatBuffer;

/**
 * A frozen ImageNet CNN that turns normalised images into one descriptor each.
 *
 * <p>Input: a batch of {@code count} images laid out {@code [count, 3, S, S]} (CHW per image, RGB, values in
 * 0..1 normalised with {@link BackboneSpec#mean()}/{@link BackboneSpec#std()}, {@code S = spec().inputSize()}).
 * Output: {@code float[count][descriptorSize()]}; an output of shape {@code [N, D, 1, 1]} (or any
 * {@code [N, ...]}) is flattened per image. A classifier file (e.g. {@code mobilenet_v2_int8_imagenet.pt})
 * gives its logits through the same interface.
 *
 * <p>Calls with more images than {@link #preferredBatchSize()} are split into forward passes of at most that
 * many images; the result does not depend on how a call is split.
 *
 * <p>Thread-safety: an instance is <em>not</em> safe for concurrent calls (it reuses one input buffer per batch
 * shape). Use one instance from one extraction thread, or one instance per thread.
 */
public interface Backbone extends AutoCloseable {

    /** Provenance: file, sha256, engine and version, settings. */
    BackboneInfo info();

    /** The preprocessing this backbone expects and the descriptor its registry entry promises. */
    default BackboneSpec spec() {
        return info().spec();
    }

    /** Floats per image this file actually gives (measured when it was loaded). */
    default int descriptorSize() {
        return info().descriptorSize();
    }

    /** Images per forward pass. */
    default int preferredBatchSize() {
        return info().preferredBatchSize();
    }

    /** Floats in one input image: {@code 3 * S * S}. */
    default int floatsPerImage() {
        return spec().floatsPerImage();
    }

    /**
     * Descriptors of {@code count} images held in {@code images[0 .. count * floatsPerImage())}.
     *
     * @throws IllegalArgumentException   if the array is shorter than {@code count} images
     * @throws BackboneInferenceException if the engine fails
     */
    default float[][] extract(float[] images, int count) throws BackboneException {
        requireImages(count, images.length);
        return extract(FloatBuffer.wrap(images, 0, count * floatsPerImage()), count);
    }

    /**
     * As {@link #extract(float[], int)}, reading from the buffer's position; the position is left unchanged.
     * Implementations check the buffer with {@link #requireImages}.
     */
    float[][] extract(FloatBuffer images, int count) throws BackboneException;

    /** @throws IllegalArgumentException unless {@code available} floats hold {@code count} input images */
    default void requireImages(int count, int available) {
        if (count < 0 || (long) count * floatsPerImage() > available) {
            int side = spec().inputSize();
            throw new IllegalArgumentException("need " + count + " images of 3x" + side + "x" + side + " = "
                    + ((long) count * floatsPerImage()) + " floats, got " + available);
        }
    }

    /** Frees the model's native memory. */
    @Override
    void close();
}
