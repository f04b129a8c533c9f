package org.actionrec.live;

import org.actionrec.video.RgbFrame;
import org.actionrec.video.VideoReadException;

/** Frames of an opened source, in order. Not thread-safe: the reader thread owns it. */
public interface FrameSource extends AutoCloseable {
    /** A frame and its time in the source; {@code rgb} is null where the caller did not ask for the pixels. */
    record SourceFrame(RgbFrame rgb, double timeS) {
    }

    Source source();

    /** Frames per second the source states, 0 where it states none. */
    double fps();

    /**
     * The next frame, or null at the end.
     *
     * @param convert whether to convert it to RGB (a skipped frame costs only its decoding)
     * @param buffers where the pixels go (a pool's buffer of the frame's size)
     * @throws VideoReadException the source failed (a lost stream, a damaged file)
     */
    SourceFrame next(boolean convert, org.actionrec.timeline.FrameBuffers buffers) throws VideoReadException;

    @Override
    void close();
}
