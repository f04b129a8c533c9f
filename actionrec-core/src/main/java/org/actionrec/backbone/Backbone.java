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

    /** The preprocessing this backbone expects and the descriptor its registry entry promises. */
    BackboneSpec spec();

    /** Provenance: file, sha256, engine and version, settings. */
    BackboneInfo info();

    /** Floats per image this file actually gives (measured when it was loaded). */
    int descriptorSize();

    /** Images per forward pass. */
    int preferredBatchSize();

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
    float[][] extract(float[] images, int count) throws BackboneException;

    /** As {@link #extract(float[], int)}, reading from the buffer's position; the position is left unchanged. */
    float[][] extract(FloatBuffer images, int count) throws BackboneException;

    /** Frees the model's native memory. */
    @Override
    void close();
}
