package org.actionrec.motion;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

class FlowQuantizerTest {

    @Test
    void quantisesLikeNumpyClipThenAstypeUint8() {
        // (dx, dy) pairs for 4 pixels.
        float[] flow = {0f, -20f, 20f, 25f, -30f, 1f, 0.1f, -0.1f};
        FlowImages img = new FlowQuantizer(20f).quantize(FloatBuffer.wrap(flow), 4, 1);
        // x: 0 -> 127.5 -> 127; 20 -> 255; -30 -> clip 0; 0.1 -> 20.1*6.375 = 128.1375 -> 128
        assertThat(img.x().pixels()).containsExactly((byte) 127, (byte) 255, (byte) 0, (byte) 128);
        // y: -20 -> 0; 25 -> clip 255; 1 -> 133.875 -> 133; -0.1 -> 19.9*6.375 = 126.8625 -> 126
        assertThat(img.y().pixels()).containsExactly((byte) 0, (byte) 255, (byte) 133, (byte) 126);
    }

    @Test
    void otherBoundsScaleTheRange() {
        FlowImages img = new FlowQuantizer(10f).quantize(FloatBuffer.wrap(new float[] {5f, -5f}), 1, 1);
        // (5 + 10) * 12.75 = 191.25 -> 191; (-5 + 10) * 12.75 = 63.75 -> 63
        assertThat(img.x().at(0, 0)).isEqualTo(191);
        assertThat(img.y().at(0, 0)).isEqualTo(63);
    }
}
