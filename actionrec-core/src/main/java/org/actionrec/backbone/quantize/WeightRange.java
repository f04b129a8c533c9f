package org.actionrec.backbone.quantize;

import java.util.Locale;

/**
 * The levels of the int8 weights. On x86 CPUs without VNNI (AVX2, AVX-512 before Cascade Lake, AMD before Zen 4),
 * ONNX Runtime multiplies uint8 activations by int8 weights with {@code vpmaddubsw}, which adds two products into
 * 16 bits and saturates: 255 × 127 × 2 overflows, 255 × 63 × 2 does not. Seven-bit weights therefore give the same
 * answers on every CPU, at a small cost in precision where VNNI would have kept the eighth bit.
 */
public enum WeightRange {
    /** Weights in [-63, 63]: exact on every x86 CPU (ONNX Runtime's {@code reduce_range}). */
    REDUCED(63),
    /** Weights in [-127, 127]: exact only where the CPU has VNNI (or on ARM); saturates on AVX2. */
    FULL(127);

    private final int level;

    WeightRange(int level) {
        this.level = level;
    }

    /** The largest magnitude a quantized weight takes. */
    public int level() {
        return level;
    }

    /** The name used on the command line and in the model's metadata. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The range named {@code id} ({@code reduced} or {@code full}). */
    public static WeightRange of(String id) {
        for (WeightRange r : values()) if (r.id().equalsIgnoreCase(id)) return r;
        throw new IllegalArgumentException("unknown weight range '" + id + "': reduced or full");
    }
}
