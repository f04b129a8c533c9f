package org.actionrec.motion;

import java.util.Objects;
import org.actionrec.video.GreyFrame;

/**
 * Optical flow between two frames stored as two 8-bit images, one per flow component. A value v encodes the
 * displacement {@code v * 2*bound/255 - bound} pixels; mid-grey (127/128) means no motion.
 */
public record FlowImages(GreyFrame x, GreyFrame y) {
    public FlowImages {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        if (x.width() != y.width() || x.height() != y.height()) {
            throw new IllegalArgumentException("flow components differ in size: "
                    + x.width() + "x" + x.height() + " vs " + y.width() + "x" + y.height());
        }
    }
}
