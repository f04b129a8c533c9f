package org.actionrec.explain;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.Random;
import org.actionrec.SharedData;
import org.actionrec.backbone.Backbone;
import org.actionrec.backbone.BackboneOptions;
import org.actionrec.backbone.BackboneRegistry;
import org.actionrec.backbone.Backbones;
import org.junit.jupiter.api.Test;

/** The layer-by-layer MobileNetV2 computes what the TorchScript module and the ONNX conv-map file compute. */
class MobileNetV2LayersTest {
    @Test
    void itsMapsAreTheConvMapFilesAndTheirMeanTheTorchScriptsOutput() throws Exception {
        Path dir = SharedData.mobilenetV2();
        int n = 2;
        int side = 224;
        float[] images = new float[n * 3 * side * side];
        Random random = new Random(7);
        // smooth random images (a sum of two gradients and noise), normalised values of either sign
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                double a = random.nextGaussian();
                double b = random.nextGaussian();
                for (int y = 0; y < side; y++) {
                    for (int x = 0; x < side; x++) {
                        images[((i * 3 + c) * side + y) * side + x] = (float) (a * x / side + b * y / side
                                + 0.3 * random.nextGaussian());
                    }
                }
            }
        }
        float[] convMap;
        try (Backbone maps = Backbones.open(dir.resolve("mobilenet_v2_convmap.onnx"),
                BackboneRegistry.standard().require("mobilenet_v2"), BackboneOptions.defaults())) {
            float[][] m = maps.extract(images, n);
            convMap = new float[m.length * m[0].length];
            for (int i = 0; i < m.length; i++) System.arraycopy(m[i], 0, convMap, i * m[0].length, m[0].length);
        }
        try (Model model = Model.newInstance("features", "PyTorch")) {
            model.load(dir.resolve("mobilenet_v2_features.pt"));
            MobileNetV2Layers layers = MobileNetV2Layers.of(model.getBlock(),
                    MobileNetV2Layers.Activation.RELU, model.getNDManager()).orElseThrow();
            MobileNetV2Layers relu6 = MobileNetV2Layers.of(model.getBlock(), MobileNetV2Layers.Activation.RELU6,
                    model.getNDManager()).orElseThrow();
            try (NDManager scope = model.getNDManager().newSubManager()) {
                NDArray x = scope.create(images, new Shape(n, 3, side, side));
                MobileNetV2Layers.Maps maps = layers.forward(x);
                assertThat(maps.first().getShape()).isEqualTo(new Shape(n, 32, 112, 112));
                assertThat(maps.last().getShape()).isEqualTo(new Shape(n, 1280, 7, 7));
                float[] last = maps.last().toFloatArray();
                assertThat(maxDifference(last, convMap)).isLessThan(1e-3f * maxAbs(convMap));
                // the activation matters, and the check that picks it can tell: ReLU6 gives other maps here
                float[] other = relu6.forward(x).last().toFloatArray();
                assertThat(maxDifference(other, convMap)).isGreaterThan(1e-2f * maxAbs(convMap));
                float[] mean = maps.last().reshape(n, 1280, -1).mean(new int[] {2}).toFloatArray();
                float[] features = model.getBlock().forward(new ParameterStore(scope, false), new NDList(x), false)
                        .singletonOrThrow().toFloatArray();
                assertThat(maxDifference(mean, features)).isLessThan(1e-3f * maxAbs(features));
            }
        }
    }

    private static float maxDifference(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        float max = 0;
        for (int i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
        return max;
    }

    private static float maxAbs(float[] a) {
        float max = 0;
        for (float v : a) max = Math.max(max, Math.abs(v));
        return max;
    }
}
