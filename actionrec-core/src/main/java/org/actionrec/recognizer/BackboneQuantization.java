package org.actionrec.recognizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.actionrec.TaskProgress;
import org.actionrec.backbone.BackboneException;
import org.actionrec.backbone.BackboneSpec;
import org.actionrec.backbone.FileDigestCache;
import org.actionrec.backbone.QuantizedFrom;
import org.actionrec.backbone.onnx.OnnxModelFile;
import org.actionrec.backbone.quantize.CalibrationMethod;
import org.actionrec.backbone.quantize.StaticQuantizer;
import org.actionrec.dataset.DatasetOptions;
import org.actionrec.dataset.DatasetSource;
import org.actionrec.dataset.FolderPerClassDataset;
import org.actionrec.dataset.VideoClip;
import org.actionrec.features.CalibrationSampler;
import org.actionrec.streams.StreamConfig;
import org.actionrec.video.FfmpegVideoReader;

/**
 * The job behind {@code actionrec quantize}: an ONNX backbone → the int8 (QDQ) backbone, calibrated on the images
 * extraction would give it from the user's videos, with its provenance in the ONNX file's {@code metadata_props}.
 */
public final class BackboneQuantization {
    private BackboneQuantization() {
    }

    /**
     * @param source         the float ONNX backbone
     * @param spec           its preprocessing
     * @param data           the videos: a dataset folder, manifest or list, or a folder of videos without labels
     * @param images         calibration images to make
     * @param seed           the draw of clips and keyframes
     * @param biasCorrection correct each Conv's bias for the mean shift int8 gives it (default on)
     * @param threads        ONNX Runtime threads
     */
    public record Request(Path source, BackboneSpec spec, Path data, DatasetOptions datasetOptions,
                          StreamConfig streams, int images, long seed, CalibrationMethod method,
                          boolean biasCorrection, int threads, Path out) {
    }

    /** What was written, and from what. */
    public record Result(Path out, String sha256, int images, int clips, List<String> skipped, int quantizedNodes,
                         Map<String, String> metadata, double seconds) {
    }

    public static Result run(Request r, TaskProgress progress) throws IOException, BackboneException {
        long start = System.nanoTime();
        List<Path> clips = videos(r.data(), r.datasetOptions());
        // The model is read and checked first: a file that cannot be quantized fails before any video is decoded.
        try (StaticQuantizer q = StaticQuantizer.open(r.source(), r.threads())) {
            CalibrationSampler.CalibrationSet set;
            try (TaskProgress.Task task = progress.start("calibration images", r.images())) {
                set = new CalibrationSampler(r.streams(), r.spec().preprocessing(), new FfmpegVideoReader(),
                        r.images(), r.seed()).sample(clips, task);
            }
            Map<String, String> meta = metadata(r, set);
            try (TaskProgress.Task task = progress.start("calibration", (long) set.images().size() * 2)) {
                q.calibrate(set.images(), r.spec().inputSize(), r.method() != CalibrationMethod.MINMAX, task);
            }
            OnnxModelFile.write(q.quantize(r.method(), r.biasCorrection(), meta), r.out());
            return new Result(r.out(), FileDigestCache.computeSha256(r.out()), set.images().size(), set.clips().size(),
                    set.skipped(), q.quantizedNodes(), meta, (System.nanoTime() - start) / 1e9);
        }
    }

    private static Map<String, String> metadata(Request r, CalibrationSampler.CalibrationSet set) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("actionrec.quantization", "static int8 QDQ: weights int8 symmetric per output channel, activations"
                + " uint8 per tensor" + (r.biasCorrection() ? ", biases corrected" : ""));
        meta.put(QuantizedFrom.SOURCE_FILE, r.source().getFileName().toString());
        meta.put(QuantizedFrom.SOURCE_SHA256, FileDigestCache.computeSha256(r.source()));
        meta.put(QuantizedFrom.METHOD, r.method().id());
        meta.put("actionrec.calibration.images", Integer.toString(set.images().size()));
        meta.put("actionrec.calibration.clips", Integer.toString(set.clips().size()));
        meta.put(QuantizedFrom.CLIPS_DIGEST, set.digest());
        meta.put("actionrec.calibration.seed", Long.toString(r.seed()));
        meta.put("actionrec.calibration.streams", r.streams().orderedStreams().stream()
                .map(org.actionrec.streams.Stream::id).toList() + ", " + r.streams().keyframes() + " keyframes");
        meta.put("actionrec.version", String.valueOf(BackboneQuantization.class.getPackage().getImplementationVersion()));
        return meta;
    }

    /** A folder's videos (below it, labelled or not), or the clips a manifest or list names. */
    static List<Path> videos(Path data, DatasetOptions options) throws IOException {
        if (Files.isDirectory(data)) {
            try (Stream<Path> s = Files.walk(data)) {
                List<Path> found = s.filter(Files::isRegularFile)
                        .filter(p -> FolderPerClassDataset.isVideoFile(p.getFileName().toString())).sorted().toList();
                if (found.isEmpty()) throw new IOException("no videos under " + data + " to calibrate on");
                return found;
            }
        }
        return DatasetSource.open(data, options).dataset().clips().stream().map(VideoClip::path).toList();
    }
}
