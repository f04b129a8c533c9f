package org.actionrec.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FramesAndDatasetCommandTest {
    static final Path SHARED = Path.of(System.getProperty("actionrec.shared", "../shared"));

    @Test
    void framesWritesKeyframesAndMotionImagesAsPng(@TempDir Path tmp) throws Exception {
        Path clip = SHARED.resolve("data/jhmdb/brush_hair/April_09_brush_hair_u_nm_np1_ba_goo_0.avi");
        assumeTrue(Files.exists(clip), "skipped: shared data not found at " + clip);
        CliTestSupport.Result r = CliTestSupport.run("frames", clip.toString(), "--out", tmp.toString(), "-k", "3");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("40 frames").contains("header claims 48");
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString()))
                    .hasSize(12)
                    .contains("kf0_frame0006_rgb.png", "kf1_frame0020_flow_x.png", "kf2_frame0033_mhi.png");
        }
        assertThat(javax.imageio.ImageIO.read(tmp.resolve("kf1_frame0020_flow_y.png").toFile()).getWidth()).isEqualTo(320);
    }

    @Test
    void datasetReportsSplitsAndUnreadableFiles(@TempDir Path tmp) throws Exception {
        Path jhmdb = SHARED.resolve("data/jhmdb");
        assumeTrue(Files.isDirectory(jhmdb), "skipped: shared data not found at " + jhmdb);
        // A small copy of the layout: two real clips, one broken file, and split files naming all three.
        Path root = Files.createDirectories(tmp.resolve("data"));
        Path golf = Files.createDirectories(root.resolve("golf"));
        Path splits = Files.createDirectories(root.resolve("splits"));
        try (Stream<Path> s = Files.list(jhmdb.resolve("golf"))) {
            for (Path p : s.sorted().limit(2).toList()) {
                Files.createSymbolicLink(golf.resolve(p.getFileName()), p);
            }
        }
        Files.writeString(golf.resolve("broken.avi"), "not a video");
        try (Stream<Path> s = Files.list(golf)) {
            Files.write(splits.resolve("golf_test_split1.txt"), s.sorted()
                    .map(p -> p.getFileName() + (p.getFileName().toString().startsWith("broken") ? " 2" : " 1")).toList());
        }
        CliTestSupport.Result r = CliTestSupport.run("dataset", root.toString(), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode n = new ObjectMapper().readTree(r.out());
        assertThat(n.at("/summary/clips").asInt()).isEqualTo(3);
        assertThat(n.at("/summary/splits/0/train").asInt()).isEqualTo(2);
        assertThat(n.at("/summary/splits/0/test").asInt()).isEqualTo(1);
        assertThat(n.get("unreadable")).hasSize(1);
        assertThat(n.at("/unreadable/0/reason").asText()).isEqualTo("NOT_A_VIDEO");
        assertThat(n.at("/unreadable/0/name").asText()).isEqualTo("golf/broken.avi");
    }
}
