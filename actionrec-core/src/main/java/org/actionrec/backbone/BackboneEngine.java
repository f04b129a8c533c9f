package org.actionrec.backbone;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The DJL engines a backbone file can run on. */
public enum BackboneEngine {
    /** TorchScript files ({@code .pt}, {@code .pth}, {@code .torchscript}) through DJL's PyTorch engine. */
    PYTORCH("PyTorch", ".pt"),
    /** ONNX files ({@code .onnx}) through DJL's ONNX Runtime engine; about 2x faster for frozen extraction here. */
    ONNX_RUNTIME("OnnxRuntime", ".onnx");

    private final String djlName;
    private final String extension;

    BackboneEngine(String djlName, String extension) {
        this.djlName = djlName;
        this.extension = extension;
    }

    /** The engine name DJL knows it by ({@code Criteria.optEngine}). */
    public String djlName() {
        return djlName;
    }

    /** The usual file extension, with the dot. */
    public String extension() {
        return extension;
    }

    /** The engine implied by a file's extension, if the extension is one we know. */
    public static Optional<BackboneEngine> forFile(Path file) {
        Path name = file.getFileName();
        if (name == null) {
            return Optional.empty();
        }
        String lower = name.toString().toLowerCase(Locale.ROOT);
        if (lower.endsWith(".onnx")) {
            return Optional.of(ONNX_RUNTIME);
        }
        if (lower.endsWith(".pt") || lower.endsWith(".pth") || lower.endsWith(".torchscript")) {
            return Optional.of(PYTORCH);
        }
        return Optional.empty();
    }

    /** Parses a user-given name: {@code pytorch}, {@code torchscript}, {@code onnx}, {@code onnxruntime}, {@code ort}. */
    public static BackboneEngine parse(String text) {
        switch (text.trim().toLowerCase(Locale.ROOT).replace("_", "").replace("-", "")) {
            case "pytorch":
            case "torch":
            case "torchscript":
            case "pt":
                return PYTORCH;
            case "onnx":
            case "onnxruntime":
            case "ort":
                return ONNX_RUNTIME;
            default:
                throw new IllegalArgumentException("unknown backbone engine '" + text + "': use pytorch or onnxruntime");
        }
    }
}
