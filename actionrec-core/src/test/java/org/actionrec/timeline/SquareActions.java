package org.actionrec.timeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.actionrec.SharedData;
import org.actionrec.backbone.Backbone;
import org.actionrec.backbone.BackboneOptions;
import org.actionrec.backbone.BackboneRegistry;
import org.actionrec.backbone.Backbones;
import org.actionrec.dataset.DatasetOptions;
import org.actionrec.model.pool.PoolSettings;
import org.actionrec.modelfile.ModelFile;
import org.actionrec.motion.TestVideos;
import org.actionrec.recognizer.FrozenRecognizerJob;
import org.actionrec.streams.Stream;
import org.actionrec.streams.StreamConfig;
import org.actionrec.video.RgbFrame;

/**
 * Two synthetic actions, a square moving right and a square moving down (320x240, 25 fps, 30-frame clips), and a
 * frozen flow_x + flow_y + mhi pool trained on them with the shared MobileNetV2: what the timeline and live tests recognise.
 */
public final class SquareActions {
    public static final int W = 320;
    public static final int H = 240;
    public static final int SIDE = 32;
    public static final int FPS = 25;
    public static final int CLIP = 30;
    public static final int SPEED = 2;
    // the motion streams: a still frame of a square says nothing of where it is going
    public static final StreamConfig STREAMS = StreamConfig.ALL_STREAMS.withStreams(EnumSet.of(Stream.FLOW_X,
            Stream.FLOW_Y, Stream.MHI));

    private SquareActions() {
    }

    public static Path onnx() {
        return SharedData.mobilenetV2().resolve("mobilenet_v2_features.onnx");
    }

    public static RgbFrame right(int t, int x0, int y0) {
        return TestVideos.squareAt(W, H, SIDE, x0 + SPEED * t, y0);
    }

    public static RgbFrame down(int t, int x0, int y0) {
        return TestVideos.squareAt(W, H, SIDE, x0, y0 + SPEED * t);
    }

    /** 10 clips per action at spread start positions: 7 for training (split 1), 3 for testing. */
    public static Path dataset(Path root) throws Exception {
        Path splits = Files.createDirectories(root.resolve("splits"));
        for (String action : List.of("down", "right")) {
            Path dir = Files.createDirectories(root.resolve(action));
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int x0 = 10 + 23 * i;
                int y0 = 10 + 15 * i;
                String name = action + "_" + i + ".avi";
                int a = x0;
                int b = action.equals("right") ? y0 : Math.min(y0, H - SIDE - SPEED * CLIP - 2);
                int xr = Math.min(a, W - SIDE - SPEED * CLIP - 2);
                TestVideos.writeFrames(dir.resolve(name), CLIP, FPS, t -> action.equals("right") ? right(t, xr, y0 % 180)
                        : down(t, a, b));
                lines.add(name + (i < 7 ? " 1" : " 2"));
            }
            Files.write(splits.resolve(action + "_test_split1.txt"), lines);
        }
        return root;
    }

    /** Trains the pool on split 1 of {@link #dataset} and returns its model file (backbone embedded). */
    public static Path trainModel(Path tmp) throws Exception {
        Path data = dataset(Files.createDirectories(tmp.resolve("squares")));
        FrozenRecognizerJob job = new FrozenRecognizerJob(new FrozenRecognizerJob.Config(data, tmp.resolve("out"),
                tmp.resolve("store"), STREAMS, 1, PoolSettings.DEFAULTS.withCValues(List.of(0.01, 1.0)), List.of(1),
                true, DatasetOptions.DEFAULTS));
        try (Backbone b = Backbones.open(onnx(), BackboneRegistry.standard().require("mobilenet_v2"),
                BackboneOptions.defaults())) {
            job.run(List.of(b), FrozenRecognizerJob.Listeners.NONE);
        }
        return tmp.resolve("out").resolve(ModelFile.FILE_NAME);
    }

    /** The square moves right for {@code rightFrames} frames, then down from where it is for {@code downFrames}. */
    public static Path rightThenDown(Path file, int rightFrames, int downFrames) throws Exception {
        int x0 = 10;
        int y0 = 10;
        int turnX = x0 + SPEED * rightFrames;
        return TestVideos.writeFrames(file, rightFrames + downFrames, FPS, t -> t < rightFrames ? right(t, x0, y0)
                : down(t - rightFrames, turnX, y0));
    }
}
