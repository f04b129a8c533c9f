package org.actionrec.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.actionrec.backbone.Backbone;
import org.actionrec.backbone.BackboneOptions;
import org.actionrec.backbone.BackboneRegistry;
import org.actionrec.backbone.Backbones;
import org.actionrec.features.ClipFeatures;
import org.actionrec.features.FeatureExtractor;
import org.actionrec.head.TemperatureScaling;
import org.actionrec.model.ClipScorer;
import org.actionrec.motion.TestVideos;
import org.actionrec.streams.StreamConfig;
import org.actionrec.video.InMemoryVideo;
import org.actionrec.video.RgbFrame;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A window's descriptors are those of a training clip cut to that window (all four streams), and each image is
 * made once however many windows read it.
 */
class WindowEngineTest {
    static final StreamConfig STREAMS = StreamConfig.ALL_STREAMS;
    static Backbone backbone;
    @TempDir
    static Path tmp;
    static List<RgbFrame> frames;

    /** Keeps what it is asked to score; scores every class 0. */
    static final class Recording implements ClipScorer {
        final List<ClipFeatures> seen = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public List<StreamConfig> inputs() {
            return List.of(STREAMS);
        }

        @Override
        public float[] score(List<ClipFeatures> clip) {
            seen.add(clip.get(0));
            return new float[2];
        }
    }

    @BeforeAll
    static void open() throws Exception {
        backbone = Backbones.open(SquareActions.onnx(), BackboneRegistry.standard().require("mobilenet_v2"),
                BackboneOptions.defaults());
        Path video = SquareActions.rightThenDown(tmp.resolve("turn.avi"), 30, 30);
        frames = TestVideos.decode(video, 1000);
    }

    @AfterAll
    static void close() {
        if (backbone != null) backbone.close();
    }

    static WindowPlan plan() {
        return WindowPlan.of(SquareActions.FPS, 1.2, 0.5, STREAMS.keyframes(), Optional.empty());
    }

    /** Feeds frames [0, count) (null where {@code skip} and the engine reads no window needs them). */
    static Recording run(int count, boolean skip, WindowEngine[] engineOut) throws Exception {
        Recording scorer = new Recording();
        WindowModel model = new WindowModel(backbone, scorer, TemperatureScaling.identity(), List.of("a", "b"));
        try (WindowEngine engine = new WindowEngine(model, plan(), w -> { })) {
            for (int i = 0; i < count; i++) {
                engine.accept(skip && !engine.reads(i) ? null : frames.get(i), i / (double) SquareActions.FPS,
                        System.nanoTime());
            }
            engine.finish();
            engineOut[0] = engine;
        }
        return scorer;
    }

    static ClipFeatures clip(int first, int n) throws Exception {
        Path name = Path.of("window.avi");
        return new FeatureExtractor(STREAMS, backbone.spec().preprocessing(), 1).describe(name, "window", backbone,
                new InMemoryVideo(frames.subList(first, first + n), SquareActions.FPS, name)).features();
    }

    static void assertSameDescriptors(ClipFeatures window, ClipFeatures clip) {
        assertThat(window.streams().keySet()).containsExactlyElementsOf(clip.streams().keySet());
        for (String s : clip.streams().keySet()) {
            float[][] a = window.stream(s);
            float[][] b = clip.stream(s);
            assertThat(a.length).isEqualTo(b.length);
            for (int k = 0; k < a.length; k++) {
                for (int d = 0; d < a[k].length; d++) {
                    assertThat(a[k][d]).as("%s keyframe %d dim %d", s, k, d)
                            .isCloseTo(b[k][d], org.assertj.core.data.Offset.offset(1e-3f + 1e-4f * Math.abs(b[k][d])));
                }
            }
        }
    }

    @Test
    void eachWindowIsSampledAsAClipCutToIt() throws Exception {
        WindowEngine[] engine = new WindowEngine[1];
        Recording r = run(frames.size(), false, engine);
        WindowPlan p = plan();
        assertThat(p.windowFrames()).isEqualTo(30);
        assertThat(p.strideFrames()).isEqualTo(12);
        assertThat(r.seen).hasSize(3); // windows at 0, 12, 24 of 60 frames
        for (int i = 0; i < 3; i++) {
            assertThat(r.seen.get(i).frameCount()).isEqualTo(30);
            assertSameDescriptors(r.seen.get(i), clip(i * 12, 30));
        }
        // 20 images for the first window; each later one: 2 new keyframes x 4 streams, plus the motion history of
        // its first keyframe, which its own start cuts short (as a clip's start would)
        assertThat(engine[0].imagesMade()).isEqualTo(20 + 9 + 9);
    }

    @Test
    void framesNoWindowReadsMayBeSkippedByTheReader() throws Exception {
        WindowEngine[] engine = new WindowEngine[1];
        Recording all = run(frames.size(), false, engine);
        Recording skipped = run(frames.size(), true, engine);
        assertThat(skipped.seen).hasSize(all.seen.size());
        for (int i = 0; i < all.seen.size(); i++) {
            for (String s : all.seen.get(i).streams().keySet()) {
                assertThat(skipped.seen.get(i).stream(s)).isDeepEqualTo(all.seen.get(i).stream(s));
            }
        }
    }

    @Test
    void aVideoShorterThanAWindowIsOneWindowOfAllItsFrames() throws Exception {
        WindowEngine[] engine = new WindowEngine[1];
        Recording r = run(20, true, engine);
        assertThat(r.seen).hasSize(1);
        assertThat(r.seen.get(0).frameCount()).isEqualTo(20);
        assertSameDescriptors(r.seen.get(0), clip(0, 20));
    }
}
