package org.actionrec.motion;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;

import java.nio.ByteBuffer;
import org.actionrec.video.GreyFrame;
import org.bytedeco.opencv.opencv_core.Mat;

/** Copies between our Java frames and reusable OpenCV Mats (one copy each way, no per-pixel work). */
final class NativeImages {
    private NativeImages() {
    }

    /** Makes {@code target} a width x height grey Mat (reallocating only if the size changed) holding {@code frame}. */
    static Mat loadGrey(GreyFrame frame, Mat target) {
        target.create(frame.height(), frame.width(), CV_8UC1);
        ByteBuffer buf = target.createBuffer();
        buf.put(0, frame.pixels());
        return target;
    }

    /** The pixels of a continuous 8-bit single-channel Mat as a new GreyFrame. */
    static GreyFrame toGrey(Mat mat) {
        if (!mat.isContinuous() || mat.channels() != 1) {
            throw new IllegalStateException("expected a continuous one-channel Mat");
        }
        byte[] pixels = new byte[mat.cols() * mat.rows()];
        ByteBuffer buf = mat.createBuffer();
        buf.get(0, pixels);
        return new GreyFrame(mat.cols(), mat.rows(), pixels);
    }

    static void requireSameSize(GreyFrame a, GreyFrame b) {
        if (a.width() != b.width() || a.height() != b.height()) {
            throw new MotionInputException("frames differ in size: " + a.width() + "x" + a.height()
                    + " vs " + b.width() + "x" + b.height());
        }
    }
}
