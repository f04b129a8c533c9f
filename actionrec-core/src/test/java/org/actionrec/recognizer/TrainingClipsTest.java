package org.actionrec.recognizer;

import static org.assertj.core.api.Assertions.assertThat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.actionrec.dataset.VideoClip;
import org.actionrec.eval.Percentiles;
import org.actionrec.modelfile.ModelManifest;
import org.actionrec.motion.TestVideos;
import org.actionrec.streams.StreamConfig;
import org.actionrec.video.FfmpegVideoReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingClipsTest {
    static ModelManifest withProtocol(Map<String, Object> protocol) {
        return ModelManifest.builder().setKind(ModelManifest.STREAM_POOL, "svm-pool").setClasses(List.of("a", "b"))
                .setInput(StreamConfig.RGB_ONLY, new ModelManifest.BackboneRef("mobilenet_v2", "m.onnx", "ab12", 1280,
                        null)).optDescription("test").optRecord(protocol, Map.of(), Map.of()).build();
    }

    @Test
    void clipsAreMeasuredByDecodingAndTheirQuartilesRecorded(@TempDir Path dir) throws Exception {
        List<VideoClip> clips = new ArrayList<>();
        int[] frames = {10, 20, 30, 40, 50}; // at 25 fps: 0.4 .. 2.0 s
        for (int i = 0; i < frames.length; i++) {
            Path f = TestVideos.writeFrames(dir.resolve("c" + i + ".avi"), frames[i], 25,
                    t -> TestVideos.squareFrame(t, 2));
            clips.add(new VideoClip(f, f.getFileName().toString(), "a", 0, "g" + i));
        }
        TrainingClips t = TrainingClips.measure(clips, new FfmpegVideoReader()).orElseThrow();
        assertThat(t.measured()).isEqualTo(5);
        assertThat(t.medianDurationS()).isCloseTo(1.2, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(t.lowerQuartileDurationS()).isCloseTo(0.8, org.assertj.core.data.Offset.offset(1e-9));

        Map<String, Object> protocol = new LinkedHashMap<>();
        protocol.put(TrainingClips.KEY, t.toMap());
        assertThat(TrainingClips.of(withProtocol(protocol))).contains(t);
    }

    @Test
    void aFileWrittenBeforeTheQuartileWasRecordedFallsBackToTheMedian() {
        Map<String, Object> old = Map.of("clips", 660, "measured", 40, "median_frames", 40, "median_fps", 30,
                "median_duration_s", 1.333);
        TrainingClips t = TrainingClips.of(withProtocol(Map.of(TrainingClips.KEY, old))).orElseThrow();
        assertThat(t.lowerQuartileDurationS()).isEqualTo(1.333);
        assertThat(TrainingClips.of(withProtocol(Map.of()))).isEmpty();
    }

    @Test
    void interpolatedPercentilesMeetTheMedianOfAnEvenCount() {
        assertThat(Percentiles.interpolated(new double[] {1, 2, 3, 4}, 0.5)).isEqualTo(2.5);
        assertThat(Percentiles.interpolated(new double[] {1, 2, 3, 4, 5}, 0.25)).isEqualTo(2);
        assertThat(Percentiles.interpolated(new double[] {7}, 0.25)).isEqualTo(7);
        assertThat(Percentiles.interpolated(new double[0], 0.5)).isNaN();
    }
}
