package org.actionrec.timeline;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/**
 * What happens when in a video: its windows' probabilities, raw and smoothed, and the merged segments. Written
 * as {@code timeline.json} ({@link TimelineWriter}) with the same field names.
 *
 * @param video      the video as given
 * @param fps        its frame rate
 * @param durationS  frames / fps
 * @param frames     frames decoded
 * @param windowS    window length (after rounding to the keyframe grid)
 * @param strideS    stride (likewise)
 * @param windows    every window, in time order
 * @param segments   merged segments of one label, in time order ("no action" stretches left out)
 * @param provenance model, settings, versions, date
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"video", "fps", "duration_s", "frames", "window_s", "stride_s", "windows", "segments",
        "provenance"})
public record Timeline(String video, double fps, double durationS, long frames, double windowS, double strideS,
                       List<Window> windows, List<Segment> segments, Map<String, Object> provenance) {
    public Timeline {
        windows = List.copyOf(windows);
        segments = List.copyOf(segments);
    }

    /** A label with its probability. */
    public record ClassProbability(String label, double probability) {
    }

    /**
     * @param top         the window's own best classes (what live prints for it)
     * @param smoothedTop the best classes after averaging with its neighbours
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Window(double startS, double endS, List<ClassProbability> top, List<ClassProbability> smoothedTop,
                         @JsonIgnore double[] probabilities, @JsonIgnore double[] smoothed) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Segment(String label, double startS, double endS, double score) {
        public double duration() {
            return endS - startS;
        }
    }

    /** The label of the segment holding time {@code t}, or null ("no action", or outside every segment). */
    public String labelAt(double t) {
        for (Segment s : segments) if (t >= s.startS() && t < s.endS()) return s.label();
        return null;
    }
}
