package org.actionrec.streams;

import java.util.Locale;

/** The image streams of paper 000: the keyframes themselves and three motion images per keyframe. */
public enum Stream {
    RGB(false), FLOW_X(true), FLOW_Y(true), MHI(true);

    private final boolean grey;

    Stream(boolean grey) {
        this.grey = grey;
    }

    /** True for one-channel images (repeated to three channels for the backbone). */
    public boolean grey() {
        return grey;
    }

    /** The stream's name in files and reports: rgb, flow_x, flow_y, mhi. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Stream parse(String s) {
        String k = s.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        try {
            return valueOf(k);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown stream '" + s + "' (rgb, flow_x, flow_y, mhi)");
        }
    }
}
