package org.actionrec.backbone.quantize;

import java.util.Arrays;
import java.util.Locale;

/** How an activation's int8 range is chosen from the values it took on the calibration images. */
public enum CalibrationMethod {
    /** The smallest and largest values seen: nothing is clipped, outliers stretch the step. */
    MINMAX("minmax"),
    /** Clips |x| at its {@value ActivationStatistics#PERCENTILE}th percentile: a few outliers no longer set the step. */
    PERCENTILE("percentile"),
    /** The clipping threshold whose 8-bit histogram is closest to the float one in KL divergence (TensorRT's method). */
    ENTROPY("entropy");

    private final String id;

    CalibrationMethod(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static CalibrationMethod of(String id) {
        for (CalibrationMethod m : values()) {
            if (m.id.equals(id.trim().toLowerCase(Locale.ROOT))) return m;
        }
        throw new IllegalArgumentException("unknown calibration method '" + id + "'; known: "
                + Arrays.stream(values()).map(CalibrationMethod::id).toList());
    }
}
