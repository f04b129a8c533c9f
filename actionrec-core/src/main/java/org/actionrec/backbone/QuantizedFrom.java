package org.actionrec.backbone;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.actionrec.backbone.onnx.OnnxModelException;
import org.actionrec.backbone.onnx.OnnxModelFile;

/**
 * That a backbone file is an int8 quantization, and of what: read from the {@code metadata_props} that
 * {@code actionrec quantize} writes, and recorded in model files beside the backbone's own sha256.
 *
 * @param sourceFile            the float file's name
 * @param sourceSha256          its sha256
 * @param method                the calibration method
 * @param calibrationClipsSha256 the digest of the clips it was calibrated on
 * @param convMapFile           the file name of the int8 conv-map companion quantized with it; null for none
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record QuantizedFrom(String sourceFile, String sourceSha256, String method, String calibrationClipsSha256,
                            String convMapFile) {
    public static final String SOURCE_SHA256 = "actionrec.quantized_from.sha256";
    public static final String SOURCE_FILE = "actionrec.quantized_from.file";
    public static final String METHOD = "actionrec.calibration.method";
    public static final String CLIPS_DIGEST = "actionrec.calibration.clips_sha256";
    /** The int8 weights' levels: {@code reduced} (-63..63) or {@code full} (-127..127). */
    public static final String WEIGHT_RANGE = "actionrec.quantization.weight_range";
    /** In an int8 backbone: the file name of its int8 conv-map companion, quantized with it. */
    public static final String CONV_MAP_FILE = "actionrec.convmap.file";

    /** What an ONNX file says it was quantized from; empty for other files and float ONNX files. */
    public static Optional<QuantizedFrom> of(Path file) {
        if (file == null || file.getFileName() == null || !file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".onnx")) {
            return Optional.empty();
        }
        Map<String, String> meta;
        try {
            meta = OnnxModelFile.readMetadata(file);
        } catch (OnnxModelException e) {
            return Optional.empty();
        }
        String sha = meta.get(SOURCE_SHA256);
        return sha == null ? Optional.empty() : Optional.of(new QuantizedFrom(meta.get(SOURCE_FILE), sha,
                meta.get(METHOD), meta.get(CLIPS_DIGEST), meta.get(CONV_MAP_FILE)));
    }

    /**
     * Why a model trained on backbone {@code trainedSha256} refuses {@code offered}, where the two are one
     * network in float and int8: "" where they are not.
     */
    public static String mismatchHint(String trainedSha256, Optional<QuantizedFrom> trained, Path offered) {
        Optional<QuantizedFrom> q = of(offered);
        if (q.isPresent() && q.get().sourceSha256().equalsIgnoreCase(trainedSha256)) {
            return "; " + offered.getFileName() + " is an int8 quantization of that backbone, whose descriptors differ"
                    + " from the float ones: train a model on it (run or train with -b " + offered.getFileName() + ")";
        }
        if (trained.isPresent()) {
            return "; the model was trained on an int8 quantization of " + trained.get().sourceFile() + " (sha256 "
                    + trained.get().sourceSha256() + "): pass that int8 file";
        }
        return "";
    }
}
