package org.actionrec.motion;

import java.util.List;
import org.actionrec.video.GreyFrame;

/**
 * Dense optical flow from one grey frame to the next, encoded as two 8-bit images (see {@link FlowQuantizer}).
 * Implementations keep native scratch buffers between calls: they are not thread-safe (use one per thread) and
 * must be closed.
 */
public interface OpticalFlowEncoder extends AutoCloseable {

    /** Short name used in configs and reports, e.g. "farneback" or "dis". */
    String name();

    /** Flow that carries {@code from} onto {@code to} (same size), as x and y images. */
    FlowImages encode(GreyFrame from, GreyFrame to);

    /**
     * The flow image of keyframe {@code keyframe} of a clip (frames indexed by frame number): keyframe to the next
     * frame, or the previous frame to the keyframe when it is the last (see {@link MotionFrames#flowPair}).
     */
    default FlowImages encodeAt(List<GreyFrame> clip, int keyframe) {
        MotionFrames.FlowPair pair = MotionFrames.flowPair(keyframe, clip.size());
        return encode(clip.get(pair.from()), clip.get(pair.to()));
    }

    @Override
    void close();
}
