package org.actionrec.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.actionrec.SharedData;
import org.junit.jupiter.api.Test;

/** Sessions on one loaded model: the loaded backbone's descriptors, side by side on threads, and closing one keeps the model. */
class SharedBackboneTest {
    private static final BackboneSpec SPEC = BackboneRegistry.standard().require("mobilenet_v2");

    private static float[] images(int count, long seed) {
        Random r = new Random(seed);
        float[] x = new float[count * SPEC.floatsPerImage()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    @Test
    void sessionsGiveTheLoadedBackbonesDescriptorsOnThreadsOfTheirOwn() throws Exception {
        var file = SharedData.mobilenetV2().resolve("mobilenet_v2_features.onnx");
        Backbone loaded = Backbones.open(file, SPEC, BackboneOptions.defaults().withIntraOpThreads(1)
                .withPreferredBatchSize(3));
        try (SharedBackbone shared = SharedBackbone.of(loaded)) {
            List<float[]> inputs = List.of(images(3, 1), images(3, 2), images(3, 3), images(3, 4));
            List<float[][]> expected = new ArrayList<>();
            for (float[] in : inputs) {
                expected.add(loaded.extract(in, 3));
            }
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<float[][]>> got = new ArrayList<>();
                for (float[] in : inputs) {
                    got.add(pool.submit(() -> {
                        try (Backbone session = shared.openSession()) {
                            return session.extract(in, 3);
                        }
                    }));
                }
                for (int i = 0; i < inputs.size(); i++) {
                    float[][] g = got.get(i).get();
                    for (int k = 0; k < 3; k++) {
                        for (int j = 0; j < g[k].length; j++) {
                            assertThat(Math.abs(g[k][j] - expected.get(i)[k][j])).isLessThanOrEqualTo(1e-5f);
                        }
                    }
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(shared.info().sha256()).isEqualTo(loaded.info().sha256());
            // Every session is closed now; the model is still loaded.
            assertThat(loaded.extract(inputs.get(0), 3)[0]).containsExactly(expected.get(0)[0]);
        }
    }

    @Test
    void onlyBackbonesLoadedByBackbonesCanBeShared() {
        Backbone fake = new Backbone() {
            @Override
            public BackboneInfo info() {
                throw new UnsupportedOperationException();
            }

            @Override
            public float[][] extract(java.nio.FloatBuffer images, int count) {
                return new float[count][1];
            }

            @Override
            public void close() {
            }

            @Override
            public String toString() {
                return "fake";
            }
        };
        assertThatThrownBy(() -> SharedBackbone.of(fake)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fake cannot be shared");
    }
}
