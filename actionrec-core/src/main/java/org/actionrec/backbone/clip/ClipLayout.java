package org.actionrec.backbone.clip;

import java.util.Locale;

/** How a clip model takes its T frames: the two forms mmaction2 and PyTorchVideo export. */
public enum ClipLayout {
    /**
     * {@code [N, 3, T, H, W]}: 3D CNNs (I3D, X3D, SlowOnly, C3D) as mmaction2's Recognizer3D and PyTorchVideo
     * export them. The output is {@code [N, C]} or {@code [N, C, T', h, w]}, averaged over all but C.
     */
    NCTHW,
    /**
     * {@code [N × T, 3, H, W]}: the frames of each clip consecutive in the batch, as mmaction2's Recognizer2D
     * (TSM, TSN) exports them; the network mixes a clip's frames inside (TSM's temporal shift). The output is
     * {@code [N × T, C, ...]}, averaged over space and then over each clip's T frames (mmaction2's average
     * consensus), or {@code [N, C]} where the export averages already.
     */
    TSM;

    /** The name in a spec file. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The layout named {@code id}. */
    public static ClipLayout of(String id) {
        for (ClipLayout l : values()) if (l.id().equalsIgnoreCase(id)) return l;
        throw new IllegalArgumentException("unknown clip layout '" + id + "': ncthw ([N,3,T,H,W]) or tsm ([N*T,3,H,W])");
    }

    /** The input shape in words, for errors. */
    String shape(int frames, int side) {
        return this == NCTHW ? "[N,3," + frames + "," + side + "," + side + "]"
                : "[N*" + frames + ",3," + side + "," + side + "]";
    }
}
