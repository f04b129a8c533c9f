package org.actionrec.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.actionrec.SharedData;
import org.actionrec.motion.TestVideos;
import org.actionrec.video.GreyFrame;
import org.actionrec.video.RgbFrame;
import org.junit.jupiter.api.Test;

class ImagePreprocessorTest {
    private static final ImagePreprocessing IMAGENET = ImagePreprocessing.IMAGENET;

    private static float norm(int v, int c) {
        return ((float) v / 255f - IMAGENET.mean()[c]) / IMAGENET.std()[c];
    }

    /** R = 3x + 5, G = 2y + 11, B = (x * y) mod 256: every pixel says where it came from. */
    private static RgbFrame positionCoded(int w, int h) {
        byte[] px = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = (y * w + x) * 3;
                px[i] = (byte) (3 * x + 5);
                px[i + 1] = (byte) (2 * y + 11);
                px[i + 2] = (byte) (x * y);
            }
        }
        return new RgbFrame(w, h, px);
    }

    @Test
    void resizeScalesTheShorterSideAndRoundsLikePython() {
        assertThat(IMAGENET.resizedSize(320, 240)).isEqualTo(new ImageSize(341, 256));
        assertThat(IMAGENET.resizedSize(240, 320)).isEqualTo(new ImageSize(256, 341));
        assertThat(IMAGENET.resizedSize(256, 256)).isEqualTo(new ImageSize(256, 256));
        // 513 * 0.5 = 256.5: Python's round gives 256 (half to even), Math.round would give 257.
        assertThat(IMAGENET.resizedSize(513, 512)).isEqualTo(new ImageSize(256, 256));
    }

    @Test
    void centreAndTenCropOffsets() {
        ImageSize s = new ImageSize(341, 256);
        assertThat(IMAGENET.centreCrop(s)).isEqualTo(new CropWindow(58, 16, 224, false));
        List<CropWindow> ten = IMAGENET.tenCrops(s);
        assertThat(ten).hasSize(10);
        assertThat(ten.subList(0, 5)).containsExactly(new CropWindow(0, 0, 224, false),
                new CropWindow(117, 0, 224, false), new CropWindow(0, 32, 224, false),
                new CropWindow(117, 32, 224, false), new CropWindow(58, 16, 224, false));
        for (int i = 0; i < 5; i++) {
            assertThat(ten.get(i + 5)).isEqualTo(ten.get(i).mirror());
        }
    }

    @Test
    void normalisesAKnownPixelIntoChwPlanesRFirst() {
        byte[] px = new byte[320 * 240 * 3];
        for (int i = 0; i < px.length; i += 3) {
            px[i] = (byte) 255;
            px[i + 1] = 0;
            px[i + 2] = (byte) 128;
        }
        float[] t = new float[IMAGENET.tensorLength() + 7];
        try (ImagePreprocessor p = new ImagePreprocessor()) {
            p.centreCrop(new RgbFrame(320, 240, px), t, 7);
        }
        int plane = 224 * 224;
        assertThat(t[0]).isZero();
        assertThat(t[6]).isZero();
        assertThat(t[7]).isCloseTo((1f - 0.485f) / 0.229f, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(t[7 + plane - 1]).isEqualTo(t[7]);
        assertThat(t[7 + plane]).isCloseTo((0f - 0.456f) / 0.224f, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(t[7 + 2 * plane]).isCloseTo((128f / 255f - 0.406f) / 0.225f, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(t[7 + 3 * plane - 1]).isEqualTo(t[7 + 2 * plane]);
    }

    @Test
    void tensorLayoutIsChwWithRowsThenColumns() {
        // No resize (resize == shorter side) and a crop smaller than the image: the layout is directly checkable.
        ImagePreprocessing cfg = IMAGENET.withSizes(20, 16);
        RgbFrame img = positionCoded(30, 20);
        float[] t = new float[cfg.tensorLength()];
        try (ImagePreprocessor p = new ImagePreprocessor(cfg)) {
            p.centreCrop(img, t, 0);
        }
        int x0 = (30 - 16) / 2;
        int y0 = (20 - 16) / 2;
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                for (int c = 0; c < 3; c++) {
                    assertThat(t[c * 256 + y * 16 + x]).isEqualTo(norm(img.at(x0 + x, y0 + y, c), c));
                }
            }
        }
    }

    @Test
    void tenCropsAreFiveViewsAndTheirMirrors() {
        ImagePreprocessing cfg = IMAGENET.withSizes(20, 16);
        RgbFrame img = positionCoded(30, 20);
        int len = cfg.tensorLength();
        float[] t = new float[10 * len];
        float[] centre = new float[len];
        try (ImagePreprocessor p = new ImagePreprocessor(cfg)) {
            p.tenCrop(img, t, 0);
            p.centreCrop(img, centre, 0);
        }
        // top-right crop starts at x = 30 - 16 = 14
        assertThat(t[len]).isEqualTo(norm(img.at(14, 0, 0), 0));
        // bottom-left at y = 4: its G plane's first value
        assertThat(t[2 * len + 256]).isEqualTo(norm(img.at(0, 4, 1), 1));
        assertThat(java.util.Arrays.copyOfRange(t, 4 * len, 5 * len)).isEqualTo(centre);
        for (int i = 0; i < 5; i++) {
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 16; y++) {
                    for (int x = 0; x < 16; x++) {
                        assertThat(t[(i + 5) * len + c * 256 + y * 16 + x])
                                .isEqualTo(t[i * len + c * 256 + y * 16 + 15 - x]);
                    }
                }
            }
        }
    }

    @Test
    void greyImageIsRepeatedToThreeChannels() {
        byte[] g = new byte[320 * 240];
        for (int i = 0; i < g.length; i++) {
            g[i] = (byte) (i * 7 + i / 320);
        }
        GreyFrame grey = new GreyFrame(320, 240, g);
        float[] fromGrey = new float[10 * IMAGENET.tensorLength()];
        float[] fromRgb = new float[10 * IMAGENET.tensorLength()];
        try (ImagePreprocessor p = new ImagePreprocessor()) {
            p.tenCrop(grey, fromGrey, 0);
            p.tenCrop(grey.toRgb(), fromRgb, 0);
        }
        assertThat(fromGrey).isEqualTo(fromRgb);
    }

    @Test
    void rejectsATensorThatDoesNotFit() {
        try (ImagePreprocessor p = new ImagePreprocessor()) {
            float[] small = new float[IMAGENET.tensorLength()];
            assertThatThrownBy(() -> p.centreCrop(positionCoded(320, 240), small, 1))
                    .isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @Test
    void realFrameResizeAndCropMatchesPlainBilinear() throws Exception {
        Path clip = TestVideos.firstJhmdbClip(SharedData.jhmdb());
        RgbFrame frame = TestVideos.decode(clip, 1).get(0);
        RgbFrame crop;
        try (ImagePreprocessor p = new ImagePreprocessor()) {
            crop = p.resizeAndCentreCrop(frame);
        }
        assertThat(crop.width()).isEqualTo(224);
        ImageSize rs = IMAGENET.resizedSize(frame.width(), frame.height());
        CropWindow w = IMAGENET.centreCrop(rs);
        int[][] points = {{0, 0}, {223, 223}, {111, 57}, {17, 200}, {150, 3}, {200, 120}};
        for (int[] pt : points) {
            for (int c = 0; c < 3; c++) {
                double expected = bilinear(frame, rs, w.x() + pt[0], w.y() + pt[1], c);
                assertThat((double) crop.at(pt[0], pt[1], c)).as("pixel %d,%d channel %d", pt[0], pt[1], c)
                        .isCloseTo(expected, org.assertj.core.data.Offset.offset(1.0));
            }
        }
    }

    /** Bilinear sampling with pixel centres aligned (OpenCV's INTER_LINEAR convention), clamped at the borders. */
    private static double bilinear(RgbFrame src, ImageSize dst, int x, int y, int c) {
        double fx = Math.max(0, (x + 0.5) * src.width() / dst.width() - 0.5);
        double fy = Math.max(0, (y + 0.5) * src.height() / dst.height() - 0.5);
        int x0 = Math.min((int) fx, src.width() - 1);
        int y0 = Math.min((int) fy, src.height() - 1);
        int x1 = Math.min(x0 + 1, src.width() - 1);
        int y1 = Math.min(y0 + 1, src.height() - 1);
        double ax = fx - x0;
        double ay = fy - y0;
        double top = src.at(x0, y0, c) * (1 - ax) + src.at(x1, y0, c) * ax;
        double bottom = src.at(x0, y1, c) * (1 - ax) + src.at(x1, y1, c) * ax;
        return top * (1 - ay) + bottom * ay;
    }
}
