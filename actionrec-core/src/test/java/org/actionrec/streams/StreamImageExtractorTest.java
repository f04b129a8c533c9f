package org.actionrec.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.actionrec.SharedData;
import org.actionrec.video.FfmpegVideoReader;
import org.actionrec.video.GreyFrame;
import org.actionrec.video.TestVideos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamImageExtractorTest {
    @TempDir
    Path tmp;

    @Test
    void makesEveryStreamForEachUniformKeyframe() throws Exception {
        // A bright square moving 4 px right per frame on a dark background.
        Path video = TestVideos.movingSquare(tmp.resolve("square.avi"), 40, 160, 120, 10, 3, 24);
        try (StreamImageExtractor x = new StreamImageExtractor(new FfmpegVideoReader(), StreamConfig.ALL_STREAMS)) {
            KeyframeImages k = x.extract(video);
            assertThat(k.keyframes()).containsExactly(4, 12, 20, 28, 36);
            assertThat(k.rgb()).hasSize(5);
            for (Stream s : List.of(Stream.FLOW_X, Stream.FLOW_Y, Stream.MHI)) {
                assertThat(k.greyStream(s)).hasSize(5);
            }
            assertThat(TestVideos.markerIndex(k.rgb().get(2))).isEqualTo(20);
            // The square at frame 20 spans x = 70..93, y = 48..71: rightward flow, no vertical flow.
            GreyFrame fx = k.greyStream(Stream.FLOW_X).get(2);
            GreyFrame fy = k.greyStream(Stream.FLOW_Y).get(2);
            assertThat(meanOver(fx, 74, 90, 52, 68)).isGreaterThan(135);
            assertThat(Math.abs(meanOver(fy, 74, 90, 52, 68) - 127.5)).isLessThan(8);
            // MHI: brightest at the leading edge of the latest position, dark far from the path.
            GreyFrame mhi = k.greyStream(Stream.MHI).get(2);
            assertThat(mhi.at(92, 60)).isEqualTo(255);
            assertThat(mhi.at(150, 10)).isZero();
            assertThat(k.warnings()).isEmpty();
        }
    }

    @Test
    void singleFrameVideoFallsBackAndSaysSo() throws Exception {
        Path video = TestVideos.movingSquare(tmp.resolve("one.avi"), 1, 64, 48, 0, 1, 8);
        try (StreamImageExtractor x = new StreamImageExtractor(new FfmpegVideoReader(), StreamConfig.ALL_STREAMS)) {
            KeyframeImages k = x.extract(video);
            assertThat(k.keyframes()).containsExactly(0, 0, 0, 0, 0);
            assertThat(k.repeatedFrames()).isTrue();
            assertThat(k.greyStream(Stream.FLOW_X).get(0).at(30, 20)).isBetween(126, 128);
            assertThat(k.warnings()).anySatisfy(w -> assertThat(w).contains("frames repeated"))
                    .anySatisfy(w -> assertThat(w).contains("single frame"));
        }
    }

    @Test
    void onlyTheStreamsAskedForAreMade() throws Exception {
        Path clip = SharedData.require("data/jhmdb/brush_hair/April_09_brush_hair_u_nm_np1_ba_goo_0.avi");
        StreamConfig rgbOnly = StreamConfig.RGB_ONLY;
        try (StreamImageExtractor x = new StreamImageExtractor(new FfmpegVideoReader(), rgbOnly)) {
            KeyframeImages k = x.extract(clip);
            assertThat(k.rgb()).hasSize(5);
            assertThat(k.grey()).isEmpty();
            assertThat(k.keyframes()).containsExactly(4, 12, 20, 28, 36);
        }
        StreamConfig mhi = StreamConfig.ALL_STREAMS.withStreams(EnumSet.of(Stream.MHI)).withKeyframes(3);
        try (StreamImageExtractor x = new StreamImageExtractor(new FfmpegVideoReader(), mhi)) {
            KeyframeImages k = x.extract(clip);
            assertThat(k.rgb()).isEmpty();
            assertThat(k.greyStream(Stream.MHI)).hasSize(3);
        }
    }

    @Test
    void pngFilesAreWrittenAndReadable() throws Exception {
        Path video = TestVideos.movingSquare(tmp.resolve("square.avi"), 20, 96, 64, 0, 2, 16);
        KeyframeImages k;
        try (StreamImageExtractor x = new StreamImageExtractor(new FfmpegVideoReader(), StreamConfig.ALL_STREAMS)) {
            k = x.extract(video);
        }
        List<Path> files = KeyframeImageWriter.writePng(k, tmp.resolve("out"));
        assertThat(files).hasSize(20);
        var img = javax.imageio.ImageIO.read(files.get(0).toFile());
        assertThat(img.getWidth()).isEqualTo(96);
        assertThat(Files.list(tmp.resolve("out")).map(p -> p.getFileName().toString()))
                .contains("kf0_frame0002_rgb.png", "kf4_frame0018_mhi.png");
    }

    private static double meanOver(GreyFrame g, int x0, int x1, int y0, int y1) {
        double sum = 0;
        int n = 0;
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                sum += g.at(x, y);
                n++;
            }
        }
        return sum / n;
    }
}
