package org.actionrec.video;

import java.nio.file.Path;

/**
 * What a video file says about itself, plus what decoding found.
 *
 * @param headerFrameCount the frame count the container claims (0 where it claims none); may be wrong
 * @param decodedFrameCount the frames actually decoded, or -1 where the file was only probed
 * @param durationSeconds duration from the container, 0 where unknown
 */
public record VideoMetadata(
        Path file,
        String container,
        String codec,
        int width,
        int height,
        double fps,
        double durationSeconds,
        int headerFrameCount,
        int decodedFrameCount) {

    /** The frame count to trust: the decoded count when known, else the header's. */
    public int frameCount() {
        return decodedFrameCount >= 0 ? decodedFrameCount : headerFrameCount;
    }

    /** True where decoding found a different number of frames than the header claims. */
    public boolean headerCountWrong() {
        return decodedFrameCount >= 0 && decodedFrameCount != headerFrameCount;
    }

    VideoMetadata withDecodedFrameCount(int count) {
        return new VideoMetadata(file, container, codec, width, height, fps, durationSeconds, headerFrameCount, count);
    }
}
