package org.actionrec.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.actionrec.backbone.FileDigestCache;
import org.actionrec.backbone.onnx.OnnxModelFile;
import org.actionrec.backbone.QuantizedFrom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuantizeCommandTest {
    private static final Path SHARED = Path.of(System.getProperty("actionrec.shared", "../shared"));

    /** A plain folder of videos without labels calibrates; the file names its source and calibration. */
    @Test
    void quantizesTheSharedBackboneOnAFolderOfVideosAndRecordsItsSource(@TempDir Path tmp) throws Exception {
        Path source = SHARED.resolve("models/mobilenet_v2/mobilenet_v2_features.onnx");
        Path clips = SHARED.resolve("data/jhmdb/brush_hair");
        assumeTrue(Files.exists(source) && Files.isDirectory(clips), "skipped: shared data not found at " + SHARED);
        Path videos = Files.createDirectories(tmp.resolve("videos"));
        try (var s = Files.list(clips)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".avi")).sorted().limit(4).toList()) {
                Files.copy(p, videos.resolve(p.getFileName()));
            }
        }
        Path out = tmp.resolve("mobilenet_v2_features_int8.onnx");
        CliTestSupport.Result r = CliTestSupport.run("quantize", "-b", source.toString(), "--calibrate",
                videos.toString(), "--out", out.toString(), "--images", "16", "--streams", "rgb,mhi", "--no-convmap");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("62 nodes int8").contains("16 images from 4 clips");
        Map<String, String> meta = OnnxModelFile.readMetadata(out);
        assertThat(meta).containsEntry(QuantizedFrom.SOURCE_SHA256, FileDigestCache.computeSha256(source))
                .containsEntry(QuantizedFrom.SOURCE_FILE, "mobilenet_v2_features.onnx")
                .containsEntry(QuantizedFrom.METHOD, "percentile").containsKey(QuantizedFrom.CLIPS_DIGEST)
                .containsEntry(QuantizedFrom.WEIGHT_RANGE, "reduced");
        // what a model file records of it, and why a model trained on the float file refuses it
        assertThat(QuantizedFrom.of(out)).get().extracting(QuantizedFrom::sourceSha256)
                .isEqualTo(FileDigestCache.computeSha256(source));
        assertThat(QuantizedFrom.of(source)).isEmpty();
        assertThat(QuantizedFrom.mismatchHint(FileDigestCache.computeSha256(source), java.util.Optional.empty(), out))
                .contains("int8 quantization of that backbone").contains("train a model on it");

        CliTestSupport.Result bad = CliTestSupport.run("quantize", "-b", out.toString(), "--calibrate",
                videos.toString(), "--out", tmp.resolve("again.onnx").toString(), "--images", "4");
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.out() + bad.err()).contains("quantized already");
        CliTestSupport.Result range = CliTestSupport.run("quantize", "-b", source.toString(), "--calibrate",
                videos.toString(), "--out", tmp.resolve("half.onnx").toString(), "--weights", "half");
        assertThat(range.exitCode()).isNotZero();
        assertThat(range.out() + range.err()).contains("unknown weight range 'half'");
    }
}
