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
import org.actionrec.backbone.quantize.WeightRange;
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
     * @param weights        the int8 weights' levels (default {@link WeightRange#REDUCED}: right on every x86 CPU)
     * @param threads        ONNX Runtime threads
     * @param convMap        the backbone's float conv-map companion, quantized the same way on the same images
     *                       (for explanations and temporal-conv on the int8 backbone), or null for none
     */
    public record Request(Path source, BackboneSpec spec, Path data, DatasetOptions datasetOptions,
                          StreamConfig streams, int images, long seed, CalibrationMethod method,
                          boolean biasCorrection, WeightRange weights, int threads, Path out, Path convMap) {
        /** Where the int8 companion goes: beside {@code out}, named after its source with {@code _int8}. */
        public Path convMapOut() {
            if (convMap == null) return null;
            String name = convMap.getFileName().toString();
            String stem = name.toLowerCase(java.util.Locale.ROOT).endsWith(".onnx") ? name.substring(0, name.length() - 5) : name;
            return out.toAbsolutePath().resolveSibling(stem + "_int8.onnx");
        }
    }

    /** What was written, and from what; the companion's file and sha256 are null where none was asked for. */
    public record Result(Path out, String sha256, int images, int clips, List<String> skipped, int quantizedNodes,
                         Map<String, String> metadata, Path convMapOut, String convMapSha256, double seconds) {
    }

    public static Result run(Request r, TaskProgress progress) throws IOException, BackboneException {
        long start = System.nanoTime();
        List<Path> clips = videos(r.data(), r.datasetOptions());
        if (r.convMap() != null && r.convMapOut().equals(r.out().toAbsolutePath())) {
            throw new IllegalArgumentException("the int8 backbone and its int8 conv-map companion would both be "
                    + r.out() + ": choose another --out");
        }
        // The models are read and checked first: a file that cannot be quantized fails before any video is decoded.
        try (StaticQuantizer q = StaticQuantizer.open(r.source(), r.threads());
             StaticQuantizer companion = r.convMap() == null ? null : StaticQuantizer.open(r.convMap(), r.threads())) {
            CalibrationSampler.CalibrationSet set;
            try (TaskProgress.Task task = progress.start("calibration images", r.images())) {
                set = new CalibrationSampler(r.streams(), r.spec().preprocessing(), new FfmpegVideoReader(),
                        r.images(), r.seed()).sample(clips, task);
            }
            Map<String, String> meta = metadata(r, set, r.source());
            if (r.convMap() != null) meta.put(QuantizedFrom.CONV_MAP_FILE, r.convMapOut().getFileName().toString());
            String convMapSha = null;
            if (companion != null) {
                // the same images and method: the companion's maps average to the int8 backbone's descriptors
                quantize(companion, r, set, metadata(r, set, r.convMap()), r.convMapOut(), "conv-map calibration",
                        progress);
                convMapSha = FileDigestCache.computeSha256(r.convMapOut());
            }
            quantize(q, r, set, meta, r.out(), "calibration", progress);
            return new Result(r.out(), FileDigestCache.computeSha256(r.out()), set.images().size(), set.clips().size(),
                    set.skipped(), q.quantizedNodes(), meta, r.convMapOut(), convMapSha,
                    (System.nanoTime() - start) / 1e9);
        }
    }

    private static void quantize(StaticQuantizer q, Request r, CalibrationSampler.CalibrationSet set,
                                 Map<String, String> meta, Path out, String stage, TaskProgress progress)
            throws IOException, BackboneException {
        try (TaskProgress.Task task = progress.start(stage, (long) set.images().size() * 2)) {
            q.calibrate(set.images(), r.spec().inputSize(), r.method() != CalibrationMethod.MINMAX, task);
        }
        OnnxModelFile.write(q.quantize(r.method(), r.biasCorrection(), r.weights(), meta), out);
    }

    private static Map<String, String> metadata(Request r, CalibrationSampler.CalibrationSet set, Path source)
            throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("actionrec.quantization", "static int8 QDQ: weights int8 symmetric per output channel (levels -"
                + r.weights().level() + ".." + r.weights().level() + "), activations uint8 per tensor"
                + (r.biasCorrection() ? ", biases corrected" : ""));
        meta.put(QuantizedFrom.WEIGHT_RANGE, r.weights().id());
        meta.put(QuantizedFrom.SOURCE_FILE, source.getFileName().toString());
        meta.put(QuantizedFrom.SOURCE_SHA256, FileDigestCache.computeSha256(source));
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

    /** The float ONNX conv-map companion beside {@code source}, by {@code spec}'s name for it, if there is one. */
    public static java.util.Optional<Path> convMapBeside(Path source, BackboneSpec spec) {
        Path dir = source.toAbsolutePath().getParent();
        String onnx = org.actionrec.backbone.BackboneEngine.ONNX_RUNTIME.extension();
        return spec.convMapFileNames().stream().filter(n -> n.endsWith(onnx)).map(dir::resolve)
                .filter(Files::isRegularFile).findFirst();
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
