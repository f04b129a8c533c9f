package org.actionrec.server;

import static org.actionrec.server.ServerFixture.get;
import static org.actionrec.server.ServerFixture.postVideo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.actionrec.timeline.SquareActions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The long-work routes: a timeline job of a video with two actions in turn, and an explanation's pictures. */
class TimelineAndExplainRoutesTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static ActionRecServer server;

    @BeforeAll
    static void start() throws Exception {
        ServerFixture.assumeBackbone();
        Path model = SquareActions.trainModel(tmp);
        server = ActionRecServer.start(ServerFixture.config(tmp.resolve("uploads")),
                ServerFixture.catalog("squares", model, 2));
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void aTimelineJobFindsBothActionsAndIsForgottenWhenDeleted() throws Exception {
        Path video = SquareActions.rightThenDown(tmp.resolve("right then down.avi"), 100, 100);
        HttpResponse<String> started = postVideo(server, "/v1/models/squares/timeline?stride=0.4", video);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String url = started.headers().firstValue("Location").orElseThrow();
        assertThat(JSON.readTree(started.body()).get("url").asText()).isEqualTo(url);

        JsonNode job = JSON.readTree(started.body());
        long deadline = System.currentTimeMillis() + 120_000;
        while (List.of("queued", "running").contains(job.get("state").asText())
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            job = JSON.readTree(get(server, url).body());
        }
        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("done");
        assertThat(job.get("progress").asDouble()).isEqualTo(1.0);
        JsonNode t = job.get("result");
        assertThat(t.get("video").asText()).isEqualTo("right then down.avi");
        assertThat(t.get("duration_s").asDouble()).isCloseTo(8.0, org.assertj.core.data.Offset.offset(0.05));
        assertThat(t.get("windows")).isNotEmpty();
        assertThat(t.at("/windows/0/top/0/label").asText()).isEqualTo("right");
        List<String> labels = new ArrayList<>();
        t.get("segments").forEach(s -> labels.add(s.get("label").asText()));
        assertThat(labels).containsExactly("right", "down");
        assertThat(server.uploads().filesLeft()).isZero(); // the job's upload went with the job

        assertThat(ServerFixture.HTTP.send(HttpRequest.newBuilder(ServerFixture.uri(server, url)).DELETE().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        HttpResponse<String> gone = get(server, url);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(gone.body()).get("type").asText()).isEqualTo("NotFound");
        assertThat(postVideo(server, "/v1/models/squares/timeline?window=-1", video).statusCode()).isEqualTo(400);
    }

    @Test
    void aRunningJobReportsProgressAndStopsWhenCancelled() throws Exception {
        Path video = SquareActions.rightThenDown(tmp.resolve("long.avi"), 750, 750); // 1 minute
        HttpResponse<String> started = postVideo(server, "/v1/models/squares/timeline?stride=0.24", video);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String url = started.headers().firstValue("Location").orElseThrow();
        JsonNode job = JSON.readTree(started.body());
        long deadline = System.currentTimeMillis() + 60_000;
        while (job.get("progress").asDouble() == 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            job = JSON.readTree(get(server, url).body());
        }
        assertThat(job.get("state").asText()).isEqualTo("running");
        assertThat(job.get("progress").asDouble()).isBetween(0.0, 0.99);

        JsonNode cancelled = JSON.readTree(ServerFixture.HTTP.send(HttpRequest.newBuilder(ServerFixture.uri(server,
                url)).DELETE().build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(cancelled.get("state").asText()).isEqualTo("cancelled");
        while (!job.has("finished") && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            job = JSON.readTree(get(server, url).body());
        }
        assertThat(job.get("state").asText()).isEqualTo("cancelled");
        assertThat(job.has("result")).isFalse();
        assertThat(server.uploads().filesLeft()).isZero();
    }

    @Test
    void anExplanationGivesEveryViewAsPicturesAndDependsOnTheClass() throws Exception {
        Path clip = SquareActions.rightThenDown(tmp.resolve("right.avi"), 30, 0);
        HttpResponse<String> r = postVideo(server, "/v1/models/squares/explain", clip);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode e = JSON.readTree(r.body());
        assertThat(e.get("label").asText()).isEqualTo("right");
        assertThat(e.get("method").asText()).isEqualTo("cam");
        assertThat(e.get("views")).hasSize(5 * 3); // 5 keyframes x flow_x, flow_y, mhi
        double shares = 0;
        for (JsonNode v : e.get("views")) {
            shares += v.get("share").asDouble();
            for (String field : List.of("image_png", "heatmap_png")) {
                assertThat(ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(v.get(field).asText()))))
                        .as(field).isNotNull().extracting(java.awt.image.BufferedImage::getWidth).isEqualTo(224);
            }
        }
        assertThat(shares).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));

        JsonNode down = JSON.readTree(postVideo(server, "/v1/models/squares/explain?class=down", clip).body());
        assertThat(down.get("label").asText()).isEqualTo("down");
        assertThat(down.at("/views/0/heatmap_png")).isNotEqualTo(e.at("/views/0/heatmap_png"));
        HttpResponse<String> bad = postVideo(server, "/v1/models/squares/explain?class=sideways", clip);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).get("message").asText()).contains("down, right");
        assertThat(server.uploads().filesLeft()).isZero();
    }
}
