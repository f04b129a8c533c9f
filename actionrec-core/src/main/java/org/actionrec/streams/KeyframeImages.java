package org.actionrec.streams;

import java.util.List;
import java.util.Map;
import org.actionrec.video.GreyFrame;
import org.actionrec.video.RgbFrame;
import org.actionrec.video.VideoMetadata;

/**
 * The images a model sees for one video: per keyframe, the RGB frame and the motion images of the streams
 * asked for.
 *
 * @param keyframes the keyframe indices, in order (repeated where the video was shorter than K)
 * @param rgb one RGB frame per keyframe (empty when the rgb stream was not asked for)
 * @param grey for each grey stream asked for, one image per keyframe
 * @param warnings what decoding or sampling fell back on (a wrong header count, repeated frames, ...)
 * @param decodeSeconds time spent decoding
 * @param motionSeconds time spent making the motion images
 */
public record KeyframeImages(VideoMetadata metadata, int[] keyframes, boolean repeatedFrames, List<RgbFrame> rgb,
                             Map<Stream, List<GreyFrame>> grey, List<String> warnings, double decodeSeconds,
                             double motionSeconds) {
    public KeyframeImages {
        keyframes = keyframes.clone();
        rgb = List.copyOf(rgb);
        grey = Map.copyOf(grey);
        warnings = List.copyOf(warnings);
    }

    public List<GreyFrame> greyStream(Stream s) {
        List<GreyFrame> images = grey.get(s);
        if (images == null) {
            throw new IllegalArgumentException("stream " + s.id() + " was not extracted");
        }
        return images;
    }
}
