package org.actionrec.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import org.actionrec.video.VideoReadException;
import org.junit.jupiter.api.Test;

class SourceTest {
    @Test
    void errorsNameAStreamAsGivenAndAFileAsItsPath() {
        VideoReadException stream = Source.parse("udp://127.0.0.1:5004").error(
                VideoReadException.Reason.UNREACHABLE, "connection refused");
        assertThat(stream.getMessage())
                .isEqualTo("udp://127.0.0.1:5004: the stream or device cannot be reached (connection refused)");
        assertThat(stream.reason()).isEqualTo(VideoReadException.Reason.UNREACHABLE);

        Path file = Path.of("videos", "clip one.avi");
        VideoReadException missing = Source.file(file).error(VideoReadException.Reason.NOT_FOUND, null);
        assertThat(missing.getMessage()).isEqualTo(file + ": file not found");
        assertThat(missing.file()).isEqualTo(file);
    }

    /**
     * No camera here, so a device that is not there: FFmpeg's v4l2 input must be in the natives and try to open
     * it (an input format it lacks would fail before any device is looked at), and the failure is typed.
     */
    @Test
    void anAbsentCaptureDeviceIsOpenedThroughV4l2AndGivesItsTypedError() {
        Path device = Path.of("/dev/video63");
        assumeFalse(Files.exists(device), "skipped: " + device + " exists here");
        assertThatThrownBy(() -> FfmpegFrameSource.open(Source.parse(device.toString()), 1000))
                .isInstanceOfSatisfying(VideoReadException.class, e -> {
                    assertThat(e.reason()).isEqualTo(VideoReadException.Reason.UNREACHABLE);
                    String missing = FfmpegFrameSource.deviceInputMissing();
                    if (missing == null) {
                        // FFmpeg's own words, lower-cased: the device file was looked for, so the input format exists
                        assertThat(e.getMessage()).isEqualTo(device
                                + ": the stream or device cannot be reached (no such file or directory)");
                    } else {
                        // a machine without the libraries libavdevice links: the error names what is missing
                        assertThat(e.getMessage()).contains("libavdevice").contains("cannot load here");
                    }
                });
    }
}
