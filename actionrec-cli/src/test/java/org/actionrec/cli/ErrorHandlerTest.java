package org.actionrec.cli;

import static org.assertj.core.api.Assertions.assertThat;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ErrorHandlerTest {
    @Test
    void aBadVideoIsOnePlainLineAndExitCode1(@TempDir Path tmp) throws Exception {
        Path text = Files.writeString(tmp.resolve("notes.avi"), "not a video\n".repeat(50));
        CliTestSupport.Result r = CliTestSupport.run("frames", text.toString(), "--out", tmp.resolve("out").toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("actionrec: " + text
                + ": not a video FFmpeg can read (invalid data found when processing input)");
    }
}
