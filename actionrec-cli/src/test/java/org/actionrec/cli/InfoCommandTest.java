package org.actionrec.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InfoCommandTest {
    static final Path CLIP = Path.of(System.getProperty("actionrec.shared", "../shared"),
            "data/jhmdb/brush_hair/April_09_brush_hair_u_nm_np1_ba_goo_0.avi");

    @Test
    void printsVerifiedFrameCountAsJson() throws Exception {
        assumeTrue(Files.exists(CLIP), "skipped: shared data not found at " + CLIP);
        CliTestSupport.Result r = CliTestSupport.run("info", "--json", CLIP.toString());
        assertThat(r.exitCode()).isZero();
        JsonNode n = new ObjectMapper().readTree(r.out());
        assertThat(n.get("width").asInt()).isEqualTo(320);
        assertThat(n.get("decoded_frames").asInt()).isEqualTo(40);
        assertThat(n.get("header_frames").asInt()).isEqualTo(48);
    }

    @Test
    void badFileIsReportedWithItsCauseAndExitCode2(@TempDir Path tmp) throws Exception {
        Path junk = Files.writeString(tmp.resolve("junk.mp4"), "not a video");
        CliTestSupport.Result r = CliTestSupport.run("info", junk.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).contains("junk.mp4").contains("NOT_A_VIDEO");
    }
}
