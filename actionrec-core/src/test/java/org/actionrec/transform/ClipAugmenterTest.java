package org.actionrec.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.actionrec.video.GreyFrame;
import org.actionrec.video.RgbFrame;
import org.junit.jupiter.api.Test;

class ClipAugmenterTest {
    private static final ImagePreprocessing CFG = ImagePreprocessing.IMAGENET;
    private static final int LEN = CFG.tensorLength();
    private static final ClipAugmentationParams STRONG = new ClipAugmentationParams(0.5, 0.7, 1.1, 0.3, 0.3, 0.3);

    private static RgbFrame noise(long seed) {
        byte[] px = new byte[320 * 240 * 3];
        new Random(seed).nextBytes(px);
        return new RgbFrame(320, 240, px);
    }

    private static float[] slice(float[] t, int i) {
        return Arrays.copyOfRange(t, i * LEN, (i + 1) * LEN);
    }

    @Test
    void everyFrameOfAClipGetsTheSameTransformAndSeedsDiffer() {
        RgbFrame a = noise(1);
        List<RgbFrame> clip = List.of(a, noise(2), a, a);
        float[] t1 = new float[4 * LEN];
        float[] t1again = new float[4 * LEN];
        float[] t2 = new float[4 * LEN];
        ClipAugmentation aug1;
        ClipAugmentation aug2;
        try (ClipAugmenter augmenter = new ClipAugmenter()) {
            aug1 = augmenter.augmentClip(clip, STRONG, new Random(42), t1, 0);
            augmenter.augmentClip(clip, STRONG, new Random(42), t1again, 0);
            aug2 = augmenter.augmentClip(clip, STRONG, new Random(43), t2, 0);
            // Each frame's tensor is the frame under the one drawn augmentation.
            float[] single = new float[LEN];
            augmenter.apply(aug1, clip.get(1), single, 0);
            assertThat(slice(t1, 1)).isEqualTo(single);
        }
        // The same content in frames 0, 2, 3 comes out identical: the draw is per clip, not per frame.
        assertThat(slice(t1, 2)).isEqualTo(slice(t1, 0));
        assertThat(slice(t1, 3)).isEqualTo(slice(t1, 0));
        assertThat(slice(t1, 1)).isNotEqualTo(slice(t1, 0));
        assertThat(t1again).as("deterministic for a seed").isEqualTo(t1);
        assertThat(aug2).isNotEqualTo(aug1);
        assertThat(slice(t2, 0)).isNotEqualTo(slice(t1, 0));
        assertThat(slice(t2, 2)).isEqualTo(slice(t2, 0));
    }

    @Test
    void drawsCoverTheRanges() {
        Random rng = new Random(7);
        int flips = 0;
        for (int i = 0; i < 400; i++) {
            ClipAugmentation a = ClipAugmentation.draw(STRONG, rng);
            flips += a.flip() ? 1 : 0;
            assertThat(a.cropScale()).isBetween(0.7, 1.1);
            assertThat(a.brightness()).isBetween(0.7, 1.3);
            assertThat(a.saturation()).isBetween(0.7, 1.3);
        }
        assertThat(flips).isBetween(150, 250);
        ClipAugmentation none = ClipAugmentation.draw(ClipAugmentationParams.NONE, rng);
        assertThat(none.flip()).isFalse();
        assertThat(none.cropScale()).isEqualTo(1.0);
        assertThat(List.of(none.brightness(), none.contrast(), none.saturation())).containsOnly(1.0);
    }

    @Test
    void identityIsTheCentreCropAndItsFlipIsTheMirroredCentreCrop() {
        RgbFrame f = noise(3);
        float[] ten = new float[10 * LEN];
        float[] same = new float[LEN];
        float[] flipped = new float[LEN];
        ClipAugmentation flip = new ClipAugmentation(true, 1.0, 0.5, 0.5, 1, 1, 1);
        try (ImagePreprocessor p = new ImagePreprocessor(); ClipAugmenter a = new ClipAugmenter()) {
            p.tenCrop(f, ten, 0);
            a.apply(ClipAugmentation.IDENTITY, f, same, 0);
            a.apply(flip, f, flipped, 0);
        }
        assertThat(same).isEqualTo(slice(ten, 4));
        assertThat(flipped).isEqualTo(slice(ten, 9));
    }

    @Test
    void cropPositionAndScaleFollowTheDraw() {
        RgbFrame f = noise(4);
        try (ClipAugmenter a = new ClipAugmenter(); ImagePreprocessor p = new ImagePreprocessor()) {
            // Top-left, full scale: equals ten-crop view 0; a zoomed crop gives the crop size all the same.
            float[] ten = new float[10 * LEN];
            p.tenCrop(f, ten, 0);
            float[] topLeft = new float[LEN];
            a.apply(new ClipAugmentation(false, 1.0, 0, 0, 1, 1, 1), f, topLeft, 0);
            assertThat(topLeft).isEqualTo(slice(ten, 0));
            RgbFrame zoomed = a.augmentedImage(new ClipAugmentation(false, 0.75, 1, 1, 1, 1, 1), f);
            assertThat(zoomed.width()).isEqualTo(224);
            assertThat(zoomed.height()).isEqualTo(224);
        }
    }

    @Test
    void colourJitterScalesBrightnessAndRemovesSaturation() {
        byte[] px = new byte[320 * 240 * 3];
        for (int i = 0; i < px.length; i += 3) {
            px[i] = 100;
            px[i + 1] = 50;
            px[i + 2] = (byte) 200;
        }
        RgbFrame f = new RgbFrame(320, 240, px);
        try (ClipAugmenter a = new ClipAugmenter()) {
            RgbFrame brighter = a.augmentedImage(new ClipAugmentation(false, 1, 0.5, 0.5, 1.2, 1, 1), f);
            assertThat(brighter.at(10, 10, 0)).isEqualTo(120);
            assertThat(brighter.at(10, 10, 1)).isEqualTo(60);
            assertThat(brighter.at(10, 10, 2)).isEqualTo(240);
            RgbFrame grey = a.augmentedImage(new ClipAugmentation(false, 1, 0.5, 0.5, 1, 1, 0), f);
            int g = grey.at(5, 5, 0);
            assertThat(grey.at(5, 5, 1)).isEqualTo(g);
            assertThat(grey.at(5, 5, 2)).isEqualTo(g);
            // RGB2GRAY of (100, 50, 200): 0.299*100 + 0.587*50 + 0.114*200 = 82.15
            assertThat(g).isEqualTo(82);
        }
    }

    @Test
    void flippedFlowXImageIsMirroredAndReflectedAboutMidGrey() {
        byte[] g = new byte[320 * 240];
        for (int i = 0; i < g.length; i++) {
            g[i] = (byte) (i % 320 < 160 ? 200 : 127);   // left half moves right
        }
        GreyFrame flowX = new GreyFrame(320, 240, g);
        ClipAugmentation flip = new ClipAugmentation(true, 1.0, 0.5, 0.5, 1, 1, 1);
        float[] t = new float[LEN];
        try (ClipAugmenter a = new ClipAugmenter()) {
            a.apply(flip, flowX, true, t, 0);
        }
        // After mirroring, the right half of the crop carries the motion, now leftward: 255 - 200 = 55.
        float left = t[100 * 224 + 5];
        float right = t[100 * 224 + 218];
        assertThat(right).isEqualTo(((float) 55 / 255f - 0.485f) / 0.229f);
        assertThat(left).isEqualTo(((float) 128 / 255f - 0.485f) / 0.229f);
    }
}
