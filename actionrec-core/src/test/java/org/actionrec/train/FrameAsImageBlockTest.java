package org.actionrec.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

/** finetune's input layer: frames become images, mirrored at random while training only. */
class FrameAsImageBlockTest {
    private static final int SIDE = 4;

    /** Sample i's pixel (c, y, x) is 1000 i + 100 c + 10 y + x: every value says where it came from. */
    private static float[] frame(int i) {
        float[] f = new float[2 * SIDE * SIDE];
        for (int c = 0; c < 2; c++) {
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) f[c * SIDE * SIDE + y * SIDE + x] = 1000 * i + 100 * c + 10 * y + x;
            }
        }
        return f;
    }

    @Test
    void mirroredSampleReversesEachRow() {
        SequenceSample s = new SequenceSample("clip", new float[][] {frame(0)}, 1);
        float[] m = FrameAsImageBlock.mirrored(s, 2).frames()[0];
        assertThat(m[0]).isEqualTo(3f);                     // c0 y0: x 3, 2, 1, 0
        assertThat(m[3]).isEqualTo(0f);
        assertThat(m[SIDE * SIDE + 2 * SIDE + 1]).isEqualTo(122f); // c1 y2 x1 <- x2
        assertThat(FrameAsImageBlock.mirrored(FrameAsImageBlock.mirrored(s, 2), 2).frames()[0])
                .containsExactly(frame(0));
    }

    @Test
    void trainingMirrorsSomeImagesWholeAndInferenceNone() {
        int n = 64;
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            float[] batch = new float[n * 2 * SIDE * SIDE];
            for (int i = 0; i < n; i++) System.arraycopy(frame(i), 0, batch, i * 2 * SIDE * SIDE, 2 * SIDE * SIDE);
            NDArray x = manager.create(batch, new Shape(n, 1, 2L * SIDE * SIDE));
            FrameAsImageBlock block = new FrameAsImageBlock(2, true);
            ParameterStore store = new ParameterStore(manager, false);

            float[] same = block.forward(store, new NDList(x), false).singletonOrThrow().toFloatArray();
            assertThat(same).containsExactly(batch);

            Engine.getEngine("PyTorch").setRandomSeed(7);
            NDArray out = block.forward(store, new NDList(x), true).singletonOrThrow();
            assertThat(out.getShape()).isEqualTo(new Shape(n, 2, SIDE, SIDE));
            float[] got = out.toFloatArray();
            int flipped = 0;
            for (int i = 0; i < n; i++) {
                float[] image = java.util.Arrays.copyOfRange(got, i * 2 * SIDE * SIDE, (i + 1) * 2 * SIDE * SIDE);
                SequenceSample original = new SequenceSample("s", new float[][] {frame(i)}, 0);
                boolean isMirror = java.util.Arrays.equals(image,
                        FrameAsImageBlock.mirrored(original, 2).frames()[0]);
                assertThat(isMirror || java.util.Arrays.equals(image, frame(i))).as("sample %d", i).isTrue();
                if (isMirror) flipped++;
            }
            assertThat(flipped).isBetween(16, 48); // a fair coin per image, not one for the batch

            Engine.getEngine("PyTorch").setRandomSeed(7);
            assertThat(block.forward(store, new NDList(x), true).singletonOrThrow().toFloatArray())
                    .as("same seed, same flips").containsExactly(got);
        }
    }
}
