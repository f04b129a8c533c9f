package org.actionrec.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimelineBuilderTest {
    static final List<String> CLASSES = List.of("walk", "run", "sit");
    // 1 s windows at 10 fps; a stride of 0.6 s (3 keyframe spacings): segments shorter are merged
    static final WindowPlan PLAN = WindowPlan.of(10, 1.0, 0.6, 5, Optional.empty());

    static WindowResult window(int i, double... p) {
        return new WindowResult(i, i * 5L, 10, i * 0.5, i * 0.5 + 1, p, 0.01);
    }

    /** Walk, two windows of a stronger "sit", then run, in 1 s windows every 0.5 s. */
    static TimelineBuilder walkThenRun(TimelineOptions options) {
        TimelineBuilder b = new TimelineBuilder(CLASSES, options);
        for (int i = 0; i < 6; i++) b.add(window(i, 0.7, 0.15, 0.15));
        b.add(window(6, 0.05, 0.05, 0.9));
        b.add(window(7, 0.05, 0.05, 0.9));
        for (int i = 8; i < 14; i++) b.add(window(i, 0.1, 0.75, 0.15));
        return b;
    }

    @Test
    void eachMomentGoesToTheWindowsCoveringItWeightedTowardsTheirCentres() {
        Timeline t = walkThenRun(TimelineOptions.DEFAULTS.withSmoothing(1)).build("v.mp4", 10, 75, PLAN, Map.of());
        // between the centres of window 5 (walk, 3.0 s) and window 6 (sit, 3.5 s) only these two cover a moment,
        // weighted 1 - x and x at 3.0 + 0.5x s: sit (0.15 + 0.75x) overtakes walk (0.7 - 0.65x) at x = 0.39,
        // 3.196 s, so the frame 3.2-3.3 s is the first labelled sit; run overtakes sit at 4.293 s
        assertThat(t.segments()).extracting(Timeline.Segment::label).containsExactly("walk", "sit", "run");
        assertThat(t.segments()).extracting(Timeline.Segment::startS).containsExactly(0.0, 3.2, 4.3);
        assertThat(t.segments().get(2).endS()).isEqualTo(7.5);
        // a segment's score is its label's probability over it, weighted by time: sit's 11 frames
        assertThat(t.segments().get(1).score()).isCloseTo((2 * (0.525 + 0.675 + 0.825) + 5 * 0.9) / 11,
                org.assertj.core.data.Offset.offset(1e-12));
        assertThat(t.labelAt(1.0)).isEqualTo("walk");
        assertThat(t.labelAt(3.9)).isEqualTo("sit");
        assertThat(t.labelAt(6.0)).isEqualTo("run");
    }

    @Test
    void segmentsShorterThanTheMinimumJoinTheNeighbourTheirMomentsFavour() {
        Timeline t = walkThenRun(TimelineOptions.DEFAULTS.withSmoothing(1).withSegments(2.0, 0))
                .build("v.mp4", 10, 75, PLAN, Map.of());
        // sit's 1.1 s favour run (0.115 on average) over walk (0.107)
        assertThat(t.segments()).extracting(Timeline.Segment::label).containsExactly("walk", "run");
        assertThat(t.segments().get(0).endS()).isEqualTo(3.2);
        assertThat(t.segments().get(1).startS()).isEqualTo(3.2);
        assertThat(t.windows().get(6).top().get(0).label()).isEqualTo("sit");
    }

    @Test
    void smoothingAveragesNeighboursAndTheThresholdLeavesNoAction() {
        TimelineBuilder b = new TimelineBuilder(CLASSES, TimelineOptions.DEFAULTS.withSmoothing(3)
                .withSegments(0.0, 0.5));
        b.add(window(0, 0.9, 0.05, 0.05));
        b.add(window(1, 0.3, 0.3, 0.4));
        b.add(window(2, 0.35, 0.35, 0.3));
        b.add(window(3, 0.34, 0.33, 0.33));
        Timeline t = b.build("v", 10, 25, PLAN, Map.of());
        // weights 1, 2, 1; at the ends only the neighbours there are
        assertThat(t.windows().get(1).smoothed()[0]).isCloseTo((0.9 + 2 * 0.3 + 0.35) / 4, org.assertj.core.data.Offset
                .offset(1e-12));
        assertThat(t.windows().get(0).smoothed()[0]).isCloseTo((2 * 0.9 + 0.3) / 3, org.assertj.core.data.Offset
                .offset(1e-12));
        assertThat(t.segments()).hasSize(1);
        assertThat(t.segments().get(0).label()).isEqualTo("walk");
        assertThat(t.labelAt(2.2)).isNull();
    }

    @Test
    void theWritersWriteTheFormatsOfTheField(@TempDir Path dir) throws Exception {
        Timeline t = walkThenRun(TimelineOptions.DEFAULTS).build("clips/v.mp4", 10, 75, PLAN,
                Map.of("model", Map.of("file", "m.actionrec")));
        TimelineWriter.writeAll(dir, t, CLASSES);
        JsonNode json = TimelineWriter.mapper().readTree(dir.resolve(TimelineWriter.JSON).toFile());
        for (String f : List.of("video", "fps", "duration_s", "window_s", "stride_s", "windows", "segments",
                "provenance")) {
            assertThat(json.has(f)).as(f).isTrue();
        }
        assertThat(json.get("windows").get(0).get("top").get(0).get("label").asText()).isEqualTo("walk");
        assertThat(json.get("windows").get(0).has("start_s")).isTrue();
        assertThat(json.get("segments").get(2).get("label").asText()).isEqualTo("run");
        String vtt = Files.readString(dir.resolve(TimelineWriter.VTT));
        assertThat(vtt).startsWith("WEBVTT\n\n1\n00:00:00.000 --> 00:00:0").contains("walk ");
        String srt = Files.readString(dir.resolve(TimelineWriter.SRT));
        assertThat(srt).startsWith("1\n00:00:00,000 --> ").contains("\n3\n").contains("run ");
        JsonNode anet = TimelineWriter.mapper().readTree(dir.resolve(TimelineWriter.ACTIVITYNET).toFile());
        assertThat(anet.get("version").asText()).isEqualTo("VERSION 1.3");
        JsonNode detections = anet.get("results").get("v");
        assertThat(detections).hasSize(3);
        assertThat(detections.get(0).get("segment")).hasSize(2);
        List<String> csv = Files.readAllLines(dir.resolve(TimelineWriter.CSV));
        assertThat(csv).hasSize(1 + 14);
        assertThat(csv.get(0)).isEqualTo("start_s,end_s,label,probability,smoothed_label,smoothed_probability,"
                + "p_walk,p_run,p_sit");
        byte[] png = Files.readAllBytes(dir.resolve(TimelineWriter.PNG));
        assertThat(png.length).isGreaterThan(1000);
        assertThat(new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");
        assertThat(TimelineWriter.clock(3723.4567, ',')).isEqualTo("01:02:03,457");
    }
}
