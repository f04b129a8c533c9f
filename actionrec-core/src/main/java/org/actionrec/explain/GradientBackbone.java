package org.actionrec.explain;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Path;
import org.actionrec.backbone.BackboneLoadException;

/**
 * Pixel saliency through the backbone's TorchScript file on DJL's PyTorch engine: for images X and the class
 * score's gradient G with respect to their descriptors f(X), the gradient of Σ G·f(X) with respect to X, times
 * X (gradient × input, on the normalised input, so the baseline is the mean image). Guided backpropagation
 * would need the backward pass of every ReLU changed; a TorchScript or ONNX graph run by an engine offers no
 * hook for that, so gradient × input is what is computed, and explanations say so
 * ({@link #METHOD}). All images of a clip go through one forward and one backward pass.
 */
public final class GradientBackbone implements AutoCloseable {
    public static final String METHOD = "gradient x input";
    private static final String ENGINE = "PyTorch";
    private final Model model;
    private final Path file;

    private GradientBackbone(Model model, Path file) {
        this.model = model;
        this.file = file;
    }

    public static GradientBackbone open(Path torchScript) throws BackboneLoadException {
        Model model = Model.newInstance("saliency", ENGINE);
        try {
            // loaded as trainable (else DJL makes its weights inference tensors, through which no gradient flows),
            // then frozen: only the input's gradient is wanted
            model.load(torchScript, null, java.util.Map.of("trainParam", "true"));
            model.getBlock().freezeParameters(true);
            return new GradientBackbone(model, torchScript);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new BackboneLoadException("cannot load TorchScript backbone " + torchScript + " for pixel gradients: "
                    + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    /**
     * @param features  f(X), [count][D], for checking that this file computes the backbone's descriptors
     * @param saliency  per image, Σ over channels of gradient × input, [count][S*S]
     */
    public record Result(float[][] features, float[][] saliency) {
    }

    /**
     * @param images    [count, 3, side, side] normalised images
     * @param gradients [count][D]: ∂score/∂f(X) of each image
     */
    public synchronized Result saliency(float[] images, int count, int side, float[][] gradients) {
        int d = gradients[0].length;
        float[] g = new float[count * d];
        for (int i = 0; i < count; i++) System.arraycopy(gradients[i], 0, g, i * d, d);
        try (NDManager scope = model.getNDManager().newSubManager()) {
            NDArray x = scope.create(images, new Shape(count, 3, side, side));
            x.setRequiresGradient(true);
            NDArray f;
            try (GradientCollector collector = Engine.getEngine(ENGINE).newGradientCollector()) {
                ParameterStore store = new ParameterStore(scope, false);
                // DJL runs a TorchScript module without autograd unless told it trains. The shared backbone has
                // batch norm folded in and no dropout, so train mode computes the same features (checked below
                // against the conv maps' means); a file that differs is refused.
                f = model.getBlock().forward(store, new NDList(x), true).singletonOrThrow().reshape(count, -1);
                if (f.getShape().get(1) != d) {
                    throw new IllegalArgumentException(file + " gives " + f.getShape().get(1) + " floats per image, the "
                            + "gradient has " + d);
                }
                NDArray weight = scope.create(g, new Shape(count, d));
                collector.backward(f.mul(weight).sum());
            }
            float[] flat = f.toFloatArray();
            float[][] features = new float[count][d];
            for (int i = 0; i < count; i++) System.arraycopy(flat, i * d, features[i], 0, d);
            float[] sal = x.getGradient().mul(x).sum(new int[] {1}).toFloatArray();
            float[][] out = new float[count][side * side];
            for (int i = 0; i < count; i++) System.arraycopy(sal, i * side * side, out[i], 0, side * side);
            return new Result(features, out);
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
