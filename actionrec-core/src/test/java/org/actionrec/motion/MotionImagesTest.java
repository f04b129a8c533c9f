package org.actionrec.motion;

import static org.actionrec.motion.TestVideos.HEIGHT;
import static org.actionrec.motion.TestVideos.SQUARE;
import static org.actionrec.motion.TestVideos.TOP;
import static org.actionrec.motion.TestVideos.WIDTH;
import static org.actionrec.motion.TestVideos.squareX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.actionrec.video.GreyFrame;
import org.actionrec.video.RgbFrame;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flow and motion history on a real encoded-and-decoded video of a bright square moving right. */
class MotionImagesTest {
    private static final int SPEED = 4;
    private static final int FRAMES = 12;
    private static List<GreyFrame> grey;

    @BeforeAll
    static void encodeAndDecode(@TempDir Path dir) throws Exception {
        Path video = TestVideos.writeMovingSquare(dir, FRAMES, SPEED);
        List<RgbFrame> frames = TestVideos.decode(video, 100);
        assertThat(frames).hasSize(FRAMES);
        assertThat(frames.get(0).width()).isEqualTo(WIDTH);
        grey = Greyscale.of(frames);
    }

    private static double mean(GreyFrame img, int x0, int y0, int x1, int y1) {
        long sum = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                sum += img.at(x, y);
            }
        }
        return (double) sum / ((long) (x1 - x0) * (y1 - y0));
    }

    private static void assertRightwardMotion(FlowImages flow, int keyframe) {
        int x0 = squareX(keyframe, SPEED);
        double xMean = mean(flow.x(), x0, TOP, x0 + SQUARE, TOP + SQUARE);
        double yMean = mean(flow.y(), x0, TOP, x0 + SQUARE, TOP + SQUARE);
        assertThat(xMean).as("x-flow on the square (right = brighter)").isGreaterThan(140);
        assertThat(Math.abs(yMean - 127.5)).as("y-flow on the square stays mid-grey").isLessThan(6);
        // Far from the square nothing moves: both images sit at mid-grey.
        assertThat(mean(flow.x(), 0, 0, WIDTH, 20)).isBetween(122.0, 133.0);
        assertThat(mean(flow.y(), 0, 0, WIDTH, 20)).isBetween(122.0, 133.0);
    }

    @Test
    void farnebackSeesTheSquareMovingRight() {
        try (FarnebackFlow flow = new FarnebackFlow()) {
            assertRightwardMotion(flow.encode(grey.get(5), grey.get(6)), 5);
        }
    }

    @Test
    void disSeesTheSameDirectionOfMotion() {
        try (DisFlow flow = new DisFlow()) {
            assertRightwardMotion(flow.encode(grey.get(5), grey.get(6)), 5);
            // Reused encoder, reversed pair: motion to the left gives x below mid-grey.
            FlowImages back = flow.encode(grey.get(6), grey.get(5));
            int x0 = squareX(6, SPEED);
            assertThat(mean(back.x(), x0, TOP, x0 + SQUARE, TOP + SQUARE)).isLessThan(115);
        }
    }

    @Test
    void flowAtTheLastKeyframeUsesThePreviousFrame() {
        try (DisFlow flow = new DisFlow()) {
            FlowImages last = flow.encodeAt(grey, FRAMES - 1);
            assertThat(last.x().pixels()).isEqualTo(flow.encode(grey.get(FRAMES - 2), grey.get(FRAMES - 1)).x().pixels());
            assertRightwardMotion(last, FRAMES - 2);
        }
    }

    @Test
    void flowOfStillFramesIsMidGrey() {
        try (FarnebackFlow flow = new FarnebackFlow()) {
            FlowImages still = flow.encode(grey.get(3), grey.get(3));
            // Zero flow: (0 + 20) * 6.375 = 127.5, truncated to 127, exactly as numpy's astype(uint8) does.
            assertThat(still.x().pixels()).containsOnly((byte) 127);
            assertThat(still.y().pixels()).containsOnly((byte) 127);
        }
    }

    @Test
    void motionHistoryIsBrightestWhereTheSquareMovedLast() {
        int key = 9;
        try (MotionHistoryEncoder mhi = new MotionHistoryEncoder()) {
            GreyFrame h = mhi.encode(grey, key);
            int newest = squareX(key, SPEED) + SQUARE - SPEED;   // strip first covered in frame 9
            int older = squareX(6, SPEED) + SQUARE - SPEED;      // strip first covered in frame 6 (3 steps ago)
            int midY = TOP + SQUARE / 2;
            // Keep a margin from the strip edges, where codec blur can shift the threshold crossing.
            assertThat(h.at(newest + 1, midY)).isEqualTo(255);
            assertThat(h.at(newest + 2, midY)).isEqualTo(255);
            // Vacated just now (trailing edge) is also newest motion.
            assertThat(h.at(squareX(key, SPEED) - 2, midY)).isEqualTo(255);
            // Three frames old: window 8 decays to 5 -> uint8(5 * 255 / 8) = 159.
            assertThat(h.at(older + 2, midY)).isEqualTo(159);
            // Older positions are darker than newer ones, and far away nothing moved.
            assertThat(h.at(squareX(3, SPEED) - 2, midY)).isLessThan(h.at(squareX(6, SPEED) - 2, midY));
            assertThat(h.at(5, 5)).isZero();
            assertThat(h.at(WIDTH - 5, HEIGHT - 5)).isZero();
            // Frames more than `window` before the keyframe are ignored: the square's start position (vacated at
            // frame 1, 8 steps before frame 9) is outside the 8-difference window.
            assertThat(h.at(TestVideos.START_X + 1, midY)).isZero();
        }
    }

    @Test
    void motionHistoryMatchesAPlainReimplementationOfTheReference() {
        MotionHistoryParams p = new MotionHistoryParams(5, 20);
        try (MotionHistoryEncoder mhi = new MotionHistoryEncoder(p)) {
            for (int key : new int[] {0, 2, 7, 11}) {
                GreyFrame got = mhi.encode(grey, key);
                assertThat(got.pixels()).as("keyframe " + key).isEqualTo(referenceMhi(grey, key, p).pixels());
            }
        }
    }

    /** The reference's loop, pixel by pixel in Java (independent of the OpenCV implementation). */
    private static GreyFrame referenceMhi(List<GreyFrame> g, int i, MotionHistoryParams p) {
        int n = g.get(0).pixels().length;
        double[] mhi = new double[n];
        for (int t = Math.max(1, i - p.window() + 1); t <= i; t++) {
            byte[] a = g.get(t).pixels();
            byte[] b = g.get(t - 1).pixels();
            for (int k = 0; k < n; k++) {
                boolean moving = Math.abs((a[k] & 0xFF) - (b[k] & 0xFF)) > p.threshold();
                mhi[k] = moving ? p.window() : Math.max(mhi[k] - 1, 0);
            }
        }
        byte[] out = new byte[n];
        for (int k = 0; k < n; k++) {
            out[k] = (byte) (int) (mhi[k] * (255.0 / p.window()));
        }
        return new GreyFrame(g.get(0).width(), g.get(0).height(), out);
    }

    @Test
    void framesOfDifferentSizesAreRejected() {
        GreyFrame small = new GreyFrame(8, 8, new byte[64]);
        try (FarnebackFlow flow = new FarnebackFlow()) {
            assertThatThrownBy(() -> flow.encode(grey.get(0), small)).isInstanceOf(MotionInputException.class)
                    .hasMessageContaining("differ in size");
        }
    }
}
