package org.actionrec.live;

import static org.assertj.core.api.Assertions.assertThat;

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
}
