package org.actionrec.motion;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.actionrec.SharedData;
import org.actionrec.video.GreyFrame;
import org.actionrec.video.RgbFrame;
import org.bytedeco.opencv.global.opencv_core;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Speed of the motion encoders on a real JHMDB clip (320x240). Not part of the normal build (the name does not
 * end in Test); run with {@code -Dtest=MotionSpeedBenchmark}. Results go to the log.
 */
class MotionSpeedBenchmark {
    private static final Logger log = LoggerFactory.getLogger(MotionSpeedBenchmark.class);

    @Test
    void measure() throws Exception {
        Path clip = TestVideos.firstJhmdbClip(SharedData.jhmdb());
        List<RgbFrame> rgb = TestVideos.decode(clip, 40);
        List<GreyFrame> grey = Greyscale.of(rgb);
        log.info("clip {} : {} frames {}x{}", clip.getFileName(), grey.size(), grey.get(0).width(), grey.get(0).height());
        for (int threads : new int[] {1, 2}) {
            opencv_core.setNumThreads(threads);
            try (FarnebackFlow fb = new FarnebackFlow(); DisFlow dis = new DisFlow();
                 MotionHistoryEncoder mhi = new MotionHistoryEncoder()) {
                log.info("threads {}: farneback {} pairs/s", threads, String.format("%.0f", pairsPerSecond(fb, grey)));
                log.info("threads {}: DIS fast   {} pairs/s", threads, String.format("%.0f", pairsPerSecond(dis, grey)));
                long t0 = System.nanoTime();
                int n = 0;
                for (int rep = 0; rep < 5; rep++) {
                    for (int k = 8; k < grey.size(); k++, n++) {
                        mhi.encode(grey, k);
                    }
                }
                log.info("threads {}: MHI (8 frames) {} keyframes/s", threads,
                        String.format("%.0f", n / ((System.nanoTime() - t0) / 1e9)));
            }
        }
        long t0 = System.nanoTime();
        for (int rep = 0; rep < 10; rep++) {
            Greyscale.of(rgb);
        }
        log.info("grey conversion {} frames/s", String.format("%.0f", 10 * rgb.size() / ((System.nanoTime() - t0) / 1e9)));
        opencv_core.setNumThreads(-1);
    }

    private static double pairsPerSecond(OpticalFlowEncoder flow, List<GreyFrame> grey) {
        for (int k = 0; k < 5; k++) {
            flow.encode(grey.get(k), grey.get(k + 1)); // warm-up
        }
        long t0 = System.nanoTime();
        long movingPixels = 0;
        int pairs = grey.size() - 1;
        for (int k = 0; k < pairs; k++) {
            FlowImages f = flow.encode(grey.get(k), grey.get(k + 1));
            for (byte b : f.x().pixels()) {
                movingPixels += (b & 0xFF) != 127 ? 1 : 0;
            }
        }
        double rate = pairs / ((System.nanoTime() - t0) / 1e9);
        assertThat(movingPixels).as(flow.name() + " finds motion in a real clip").isPositive();
        return rate;
    }
}
