package org.actionrec.live;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.actionrec.timeline.WindowPlan;

/**
 * How a live run went.
 *
 * @param frames      frames recognition received
 * @param dropped     frames the full queue dropped (never the case for a file read as fast as possible)
 * @param reconnects  reconnect attempts made
 * @param ended       why it ended: "end of file", "stopped", "gave up after N reconnect attempts (...)"
 * @param seconds     wall time from start to end
 * @param latencyP50S median latency from a window's last frame to its label; NaN without windows
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record LiveSummary(String source, double fps, WindowPlan plan, long frames, long dropped, int windows,
                          int reconnects, String ended, double seconds, double latencyP50S, double latencyP95S,
                          double latencyMaxS) {
    /** Frames received per wall-clock second. */
    public double framesPerSecond() {
        return seconds > 0 ? frames / seconds : 0;
    }
}
