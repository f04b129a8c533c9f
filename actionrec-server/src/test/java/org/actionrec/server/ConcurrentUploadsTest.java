package org.actionrec.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.actionrec.ActionRecognizer;
import org.actionrec.RecognizerOptions;
import org.actionrec.Recognition;
import org.actionrec.motion.TestVideos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 16 uploads of 16 different clips at once, where MMAction2's handler writes every upload to one /tmp file:
 * each answer must be its own clip's, as the library gives it alone, and no temporary file may stay behind.
 */
class ConcurrentUploadsTest {
    @TempDir
    Path tmp;

    @Test
    void sixteenParallelUploadsEachGetTheirOwnClipsAnswer() throws Exception {
        ServerFixture.assumeBackbone();
        Path data = TestVideos.writeSquareDataset(tmp.resolve("squares"), 3, 30);
        Path model = ServerFixture.trainPool(data, tmp.resolve("train"));
        List<Path> clips = new ArrayList<>();
        for (String label : TestVideos.SQUARE_CLASSES) {
            for (int g = 1; g <= 3; g++) {
                for (int c = 1; c <= 2; c++) clips.add(TestVideos.squareClip(data, label, g, c));
            }
        }
        clips = clips.subList(0, 16);

        Map<String, Recognition> alone = new HashMap<>();
        try (ActionRecognizer r = ActionRecognizer.open(model, RecognizerOptions.defaults()
                .withBackbone(ServerFixture.BACKBONE.toString()))) {
            for (Path clip : clips) alone.put(clip.getFileName().toString(), r.predict(clip, 3));
        }

        try (ActionRecServer server = ActionRecServer.start(ServerFixture.config(tmp.resolve("uploads"))
                .withWorkers(2, 16), ServerFixture.catalog("squares", model, 2))) {
            ExecutorService clients = Executors.newFixedThreadPool(16);
            try {
                List<Future<HttpResponse<String>>> answers = new ArrayList<>();
                for (Path clip : clips) {
                    answers.add(clients.submit(() -> ServerFixture.postVideo(server,
                            "/v1/models/squares/predict?top=3", clip)));
                }
                ObjectMapper json = new ObjectMapper();
                for (int i = 0; i < clips.size(); i++) {
                    HttpResponse<String> r = answers.get(i).get();
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                    JsonNode p = json.readTree(r.body());
                    String name = clips.get(i).getFileName().toString();
                    assertThat(p.get("video").asText()).isEqualTo(name);
                    Recognition expected = alone.get(name);
                    for (int k = 0; k < 3; k++) {
                        assertThat(p.at("/top/" + k + "/label").asText()).as(name)
                                .isEqualTo(expected.top().get(k).label());
                        assertThat(p.at("/top/" + k + "/probability").asDouble()).as(name)
                                .isCloseTo(expected.top().get(k).probability(), org.assertj.core.data.Offset.offset(1e-6));
                    }
                }
            } finally {
                clients.shutdownNow();
            }
            assertThat(server.uploads().filesLeft()).isZero();
        }
    }
}
