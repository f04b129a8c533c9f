package org.actionrec.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.actionrec.SharedData;
import org.bytedeco.ffmpeg.global.avcodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FfmpegVideoReaderTest {
    private final FfmpegVideoReader reader = new FfmpegVideoReader();

    @TempDir
    Path tmp;

    @Test
    void decodesEveryJhmdbClipWithItsFrameCountAndSize() throws Exception {
        Path root = SharedData.jhmdb();
        List<Path> clips = videosUnder(root);
        assertThat(clips).hasSize(928);
        long totalFrames = 0;
        for (Path clip : clips) {
            DecodedFrames d = reader.read(clip, n -> new int[] {0, n / 2, n - 1});
            VideoMetadata m = d.metadata();
            assertThat(m.width()).as(clip.toString()).isEqualTo(320);
            assertThat(m.height()).as(clip.toString()).isEqualTo(240);
            assertThat(m.frameCount()).as(clip.toString()).isBetween(15, 48);
            assertThat(d.frame(m.frameCount() - 1).pixels()).hasSize(320 * 240 * 3);
            totalFrames += m.frameCount();
        }
        // Every JHMDB header overstates its frame count (skipped MPEG-4 frames); the decoded total is what
        // OpenCV's VideoCapture reads too (counted with python3-opencv 4.6 over the same 928 files).
        assertThat(totalFrames).isEqualTo(31_838);
    }

    @Test
    void decodesEveryUcf101SampleClip() throws Exception {
        Path root = SharedData.ucf101Sample();
        List<Path> clips = videosUnder(root);
        assertThat(clips).hasSize(20);
        for (Path clip : clips) {
            VideoMetadata m = reader.count(clip);
            assertThat(m.width()).isEqualTo(320);
            assertThat(m.height()).isEqualTo(240);
            assertThat(m.fps()).isBetween(24.0, 30.0);
            assertThat(m.codec()).isEqualTo("mpeg4");
            assertThat(m.decodedFrameCount()).as(clip.toString()).isGreaterThan(25);
        }
    }

    @Test
    void keepsExactlyThePlannedFramesInOrder() throws Exception {
        Path video = TestVideos.movingSquare(tmp.resolve("square.avi"), 20, 128, 96, 8, 3, 20);
        DecodedFrames d = reader.read(video, n -> new int[] {0, 5, 5, 19});
        assertThat(d.frameCount()).isEqualTo(20);
        assertThat(d.frames().keySet()).containsExactlyInAnyOrder(0, 5, 19);
        assertThat(TestVideos.markerIndex(d.frame(5))).isEqualTo(5);
        assertThat(TestVideos.markerIndex(d.frame(19))).isEqualTo(19);
    }

    @Test
    void readsMp4H264MkvAndWebm() throws Exception {
        record Case(String name, int codec) {
        }
        for (Case c : List.of(new Case("a.mp4", avcodec.AV_CODEC_ID_H264), new Case("a.mkv", avcodec.AV_CODEC_ID_MPEG4),
                new Case("a.webm", avcodec.AV_CODEC_ID_VP8))) {
            Path v = TestVideos.write(tmp.resolve(c.name()), 12, 96, 64, c.codec(), (i, img) -> { });
            VideoMetadata m = reader.count(v);
            assertThat(m.decodedFrameCount()).as(c.name()).isEqualTo(12);
            assertThat(m.width()).isEqualTo(96);
        }
    }

    @Test
    void samplesTheTrueFramesWhenTheHeaderCountIsMissing() throws Exception {
        // WebM (Matroska) stores no frame count: the reader must count while decoding.
        Path v = TestVideos.write(tmp.resolve("nocount.webm"), 30, 64, 48, avcodec.AV_CODEC_ID_VP8,
                (i, img) -> {
                    var g = img.createGraphics();
                    g.setColor(new java.awt.Color(i * 8, i * 8, i * 8));
                    g.fillRect(0, 0, 16, 16);
                    g.dispose();
                });
        DecodedFrames d = reader.read(v, n -> new int[] {n - 1});
        assertThat(d.frameCount()).isEqualTo(30);
        assertThat(TestVideos.markerIndex(d.frame(29))).isEqualTo(29);
    }

    @Test
    void singlePassAndTwoPassDecodingAgreeWhenTheHeaderIsWrong() throws Exception {
        // JHMDB headers overstate the count: the plan moves once the real count is known.
        Path clip = SharedData.require("data/jhmdb/brush_hair/April_09_brush_hair_u_nm_np1_ba_goo_0.avi");
        FramePlan plan = n -> new int[] {n / 3, n - 1};
        DecodedFrames onePass = reader.read(clip, plan);
        DecodedFrames twoPass = new FfmpegVideoReader(new DecodeOptions(1L << 30, 1_000_000, 1, 0)).read(clip, plan);
        assertThat(onePass.frameCount()).isEqualTo(40).isEqualTo(twoPass.frameCount());
        assertThat(twoPass.frames().keySet()).containsExactlyInAnyOrder(13, 39);
        for (int i : new int[] {13, 39}) {
            assertThat(twoPass.frame(i).pixels()).isEqualTo(onePass.frame(i).pixels());
        }
    }

    @Test
    void countingPacketsAndRewindingGivesTheFramesOfAFreshDecodeFromOneOpening() throws Exception {
        // A short clip's packets are counted, the file rewound, and only the planned frames converted.
        List<Path> clips = videosUnder(SharedData.jhmdb()).stream().filter(p -> p.getFileName().toString()
                .endsWith("_0.avi")).limit(6).toList();
        FfmpegVideoReader twoPasses = new FfmpegVideoReader(new DecodeOptions(1L << 30, 1_000_000, 1, 0));
        for (Path clip : clips) {
            long before = FfmpegVideoReader.opens();
            DecodedFrames rewound = reader.read(clip, FramePlan.all());
            assertThat(FfmpegVideoReader.opens() - before).as(clip.toString()).isEqualTo(1);
            DecodedFrames fresh = twoPasses.read(clip, FramePlan.all());
            assertThat(rewound.frameCount()).as(clip.toString()).isEqualTo(fresh.frameCount());
            for (int i = 0; i < fresh.frameCount(); i++) {
                assertThat(rewound.frame(i).pixels()).as(clip + " frame " + i).isEqualTo(fresh.frame(i).pixels());
            }
        }
    }

    @Test
    void missingFileIsTyped() {
        Path missing = tmp.resolve("nope.avi");
        assertThat(assertReason(missing, VideoReadException.Reason.NOT_FOUND).getMessage()).contains("nope.avi");
    }

    @Test
    void emptyFileIsTyped() throws IOException {
        Path empty = Files.createFile(tmp.resolve("empty.avi"));
        assertReason(empty, VideoReadException.Reason.EMPTY_FILE);
    }

    @Test
    void textFileIsNotAVideo() throws IOException {
        Path text = Files.writeString(tmp.resolve("notes.avi"), "this is not a video\n".repeat(100));
        VideoReadException e = assertReason(text, VideoReadException.Reason.NOT_A_VIDEO);
        assertThat(e.getMessage()).isEqualTo(text + ": not a video FFmpeg can read (invalid data found when processing input)");
        // What JavaCV said stays available for logs, as the cause.
        assertThat(e.getCause()).isInstanceOf(org.bytedeco.javacv.FrameGrabber.Exception.class)
                .hasMessageContaining("avformat_open_input");
    }

    @Test
    void imageRenamedAsVideoIsNotAVideo() throws IOException {
        Path png = tmp.resolve("picture.mp4");
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(64, 48, java.awt.image.BufferedImage.TYPE_INT_RGB),
                "png", png.toFile());
        VideoReadException e = assertReason(png, VideoReadException.Reason.NOT_A_VIDEO);
        assertThat(e.getMessage()).contains("still PNG image");
    }

    @Test
    void jhmdbClipCutToItsFirst20000BytesGivesWhatItHoldsOrAPlainError() throws Exception {
        Path clip = SharedData.require("data/jhmdb/golf/Anna_Rawson_Driver_Practice_golf_f_nm_np1_ri_bad_0.avi");
        Path cut = Files.write(tmp.resolve("cut.avi"), java.util.Arrays.copyOf(Files.readAllBytes(clip), 20_000));
        DecodedFrames d = reader.read(cut, n -> new int[] {0, n - 1});
        assertThat(d.frameCount()).isBetween(1, 39);
        assertThat(d.warnings()).allSatisfy(FfmpegVideoReaderTest::assertNoInternals);
    }

    @Test
    void plainCauseDropsJavacvFunctionNamesAndHints() {
        var open = new org.bytedeco.javacv.FrameGrabber.Exception("avformat_open_input() error -1094995529: Could not "
                + "open input \"/x/a.avi\". (Has setFormat() been called?) (For more details, make sure "
                + "FFmpegLogCallback.set() has been called.)");
        assertThat(FfmpegVideoReader.plainCause(open)).isEqualTo("invalid data found when processing input");
        var codec = new org.bytedeco.javacv.FrameGrabber.Exception("avcodec_open2() error -22: Could not open video codec.");
        assertThat(FfmpegVideoReader.plainCause(codec)).isEqualTo("could not open video codec: invalid argument");
        var info = new org.bytedeco.javacv.FrameGrabber.Exception("avformat_find_stream_info() error: Could not find stream information.");
        assertThat(FfmpegVideoReader.plainCause(info)).isEqualTo("could not find stream information");
        assertThat(FfmpegVideoReader.plainCause(new IllegalStateException("x"))).isNull();
    }

    @Test
    void directoryIsUnreadable() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("dir.avi"));
        assertReason(dir, VideoReadException.Reason.UNREADABLE);
    }

    @Test
    void unreadableFileIsTyped() throws Exception {
        Path v = TestVideos.movingSquare(tmp.resolve("locked.avi"), 5, 64, 48, 0, 1, 8);
        boolean changed = v.toFile().setReadable(false, false);
        // As root, permissions do not stop reading: the case cannot be made on this machine.
        org.junit.jupiter.api.Assumptions.assumeTrue(changed && !Files.isReadable(v),
                "skipped: running as a user who can read any file");
        assertReason(v, VideoReadException.Reason.UNREADABLE);
    }

    @Test
    void truncatedClipDecodesWhatItHoldsAndSaysSo() throws Exception {
        // Matroska keeps its header up front, so a clip cut in half still opens and claims the full length.
        Path full = TestVideos.write(tmp.resolve("full.mkv"), 40, 160, 120, avcodec.AV_CODEC_ID_MPEG4,
                (i, img) -> { });
        int headerCount = reader.probe(full).headerFrameCount();
        byte[] bytes = Files.readAllBytes(full);
        Path cut = Files.write(tmp.resolve("cut.mkv"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        DecodedFrames d = reader.read(cut, n -> new int[] {0, n - 1});
        assertThat(d.frameCount()).isBetween(1, 39);
        assertThat(d.metadata().headerCountWrong()).isTrue();
        assertThat(d.warnings()).anySatisfy(w -> assertThat(w).contains("header claims " + headerCount));
    }

    @Test
    void truncatedRealAviDecodesWhatItHolds() throws Exception {
        Path clip = SharedData.require("data/jhmdb/brush_hair/April_09_brush_hair_u_nm_np1_ba_goo_0.avi");
        byte[] bytes = Files.readAllBytes(clip);
        Path cut = Files.write(tmp.resolve("cut real.avi"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        int complete = reader.count(clip).decodedFrameCount();
        DecodedFrames d = reader.read(cut, n -> new int[] {n - 1});
        assertThat(d.frameCount()).isBetween(1, complete - 1);
        assertThat(d.frame(d.frameCount() - 1).pixels()).hasSize(320 * 240 * 3);
    }

    @Test
    void clipCutInsideTheHeaderIsNotAVideo() throws Exception {
        Path full = TestVideos.movingSquare(tmp.resolve("full.avi"), 10, 160, 120, 0, 2, 20);
        byte[] bytes = Files.readAllBytes(full);
        Path cut = Files.write(tmp.resolve("stub.avi"), java.util.Arrays.copyOf(bytes, 100));
        assertThatThrownBy(() -> reader.read(cut, n -> new int[] {0}))
                .isInstanceOfSatisfying(VideoReadException.class, e -> {
                    assertThat(e.reason()).isIn(VideoReadException.Reason.NOT_A_VIDEO, VideoReadException.Reason.NO_FRAMES);
                    assertThat(e.getMessage()).contains("stub.avi");
                    assertNoInternals(e.getMessage());
                });
    }

    @Test
    void singleFrameVideoReads() throws Exception {
        Path one = TestVideos.movingSquare(tmp.resolve("one.avi"), 1, 64, 48, 0, 1, 8);
        DecodedFrames d = reader.read(one, n -> new int[] {0});
        assertThat(d.frameCount()).isEqualTo(1);
    }

    @Test
    void audioOnlyFileHasNoVideoStream() throws Exception {
        Path wav = tmp.resolve("tone.wav");
        try (var rec = new org.bytedeco.javacv.FFmpegFrameRecorder(wav.toString(), 1)) {
            rec.setSampleRate(8000);
            rec.start();
            short[] samples = new short[8000];
            rec.recordSamples(8000, 1, java.nio.ShortBuffer.wrap(samples));
            rec.stop();
        }
        assertReason(wav, VideoReadException.Reason.NO_VIDEO_STREAM);
    }

    @Test
    void refusesFramesOverThePixelLimit() throws Exception {
        Path v = TestVideos.movingSquare(tmp.resolve("big.avi"), 3, 320, 240, 0, 1, 8);
        var strict = new FfmpegVideoReader(new DecodeOptions(100 * 100, 1000, 1, 0));
        assertThatThrownBy(() -> strict.read(v, n -> new int[] {0}))
                .isInstanceOfSatisfying(VideoReadException.class, e -> {
                    assertThat(e.reason()).isEqualTo(VideoReadException.Reason.TOO_LARGE);
                    assertThat(e.getMessage()).contains("320x240");
                });
    }

    @Test
    void pathsWithSpecialAndNonAsciiCharactersRead() throws Exception {
        Path src = TestVideos.movingSquare(tmp.resolve("src.avi"), 6, 64, 48, 0, 1, 8);
        for (String name : List.of("a clip (1) [x]!&@+.avi", "Überschlag_ñandú_日本.avi", "it's #1 ; $HOME.avi")) {
            Path dir = Files.createDirectories(tmp.resolve("dir with spaces & (brackets) ü"));
            Path target = Files.copy(src, dir.resolve(name));
            assertThat(reader.count(target).decodedFrameCount()).as(name).isEqualTo(6);
        }
    }

    /** Reading and probing both fail for {@code reason}, with a message that names the file in plain words. */
    private VideoReadException assertReason(Path file, VideoReadException.Reason reason) {
        VideoReadException probed = catchRead(() -> reader.probe(file));
        VideoReadException read = catchRead(() -> reader.read(file, n -> new int[] {0}));
        for (VideoReadException e : List.of(probed, read)) {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.file()).isEqualTo(file);
            assertThat(e.getMessage()).startsWith(file + ": ").contains(reason.description());
            assertNoInternals(e.getMessage());
        }
        return read;
    }

    private static VideoReadException catchRead(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(call);
        assertThat(t).isInstanceOf(VideoReadException.class);
        return (VideoReadException) t;
    }

    /** No JavaCV/FFmpeg function names, programmer hints or Java class names in what users read. */
    private static void assertNoInternals(String message) {
        assertThat(message).doesNotContain("setFormat", "avformat_", "avcodec_", "FFmpegLogCallback", "()",
                "Exception", "org.bytedeco", "java.");
    }

    static List<Path> videosUnder(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(".avi")).sorted().toList();
        }
    }
}
