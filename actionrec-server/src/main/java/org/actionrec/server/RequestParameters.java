package org.actionrec.server;

import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.actionrec.recognizer.TrainingClips;
import org.actionrec.timeline.TimelineOptions;
import org.actionrec.timeline.WindowPlan;
import org.actionrec.video.VideoMetadata;

/**
 * The query parameters of the routes, each checked against its stated bounds before any work is queued: a value
 * that is not a plain number, or lies outside its range, is refused with 400 naming the parameter, the value and
 * the range; nothing is adjusted. The same bounds are in {@code openapi.json}.
 */
final class RequestParameters {
    /** The longest timeline window the service makes: a window holds its frames in memory. */
    static final double MAX_WINDOW_S = 60;
    /** The most windows a timeline averages for its smoothed probabilities. */
    static final int MAX_SMOOTHING = 25;
    /** The longest minimum segment, an hour; a video's length bounds it further. */
    static final double MAX_MIN_SEGMENT_S = 3600;

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d{1,12}(\\.\\d{0,12})?|\\.\\d{1,12})([eE][+-]?\\d{1,3})?");
    private static final Pattern WHOLE = Pattern.compile("[+-]?\\d{1,9}");

    private RequestParameters() {
    }

    /** Refuses a query parameter the route does not take (a typo would otherwise be ignored). */
    static void onlyKnown(Context ctx, List<String> known) {
        for (String name : ctx.queryParamMap().keySet()) {
            if (!known.contains(name)) {
                throw ApiException.badRequest("unknown query parameter '" + clip(name) + "'; this route takes "
                        + (known.isEmpty() ? "none" : String.join(", ", known)));
            }
        }
    }

    /** {@code ?top=}: 1 to the model's number of classes; absent: 5 or all where fewer. */
    static int top(Context ctx, int classes) {
        Integer n = whole(ctx, "top", 1, classes);
        return n == null ? Math.min(5, classes) : n;
    }

    /**
     * The timeline's options from {@code window}, {@code stride}, {@code smoothing}, {@code min_segment},
     * {@code no_action} and {@code top}, each within its fixed bounds; {@link #checkAgainstVideo} then checks
     * the ones that depend on the video.
     */
    static TimelineOptions timeline(Context ctx, int classes) {
        Double window = seconds(ctx, "window", 0, false, MAX_WINDOW_S);
        Double stride = seconds(ctx, "stride", 0, false, MAX_WINDOW_S);
        Integer smoothing = whole(ctx, "smoothing", 1, MAX_SMOOTHING);
        if (smoothing != null && smoothing % 2 == 0) {
            throw ApiException.badRequest("smoothing must be an odd whole number of windows from 1 to " + MAX_SMOOTHING
                    + ", was " + smoothing);
        }
        Double minSegment = seconds(ctx, "min_segment", 0, true, MAX_MIN_SEGMENT_S);
        Double noAction = number(ctx, "no_action", 0, true, 1, false, "a probability");
        TimelineOptions o = TimelineOptions.DEFAULTS.withTop(top(ctx, classes)).withWindow(window, stride);
        if (smoothing != null) o = o.withSmoothing(smoothing);
        return o.withSegments(minSegment, noAction == null ? o.noActionBelow() : noAction);
    }

    /**
     * The bounds that depend on the video: a window of at least the model's keyframes in frames and at most the
     * video's length; a stride from one keyframe spacing to the window; a minimum segment within the video.
     */
    static void checkAgainstVideo(TimelineOptions o, VideoMetadata video, int keyframes,
                                  Optional<TrainingClips> training) {
        double duration = video.durationSeconds() > 0 ? video.durationSeconds() : Double.NaN;
        WindowPlan plan = o.plan(video.fps(), keyframes, training);
        if (o.windowS() != null) {
            double shortest = keyframes / plan.fps();
            double longest = Double.isNaN(duration) ? MAX_WINDOW_S : Math.min(duration, MAX_WINDOW_S);
            if (o.windowS() < shortest - 1e-9 || o.windowS() > longest + 1e-9) {
                throw ApiException.badRequest(String.format(Locale.ROOT, "window must be from %.3f s (%d frames, "
                        + "one a keyframe) to %.3f s (%s), was %s", shortest, keyframes, longest,
                        Double.isNaN(duration) || duration > MAX_WINDOW_S ? "the service's limit" : "the video's length",
                        plain(o.windowS())));
            }
        }
        if (o.strideS() != null) {
            double shortest = plan.keyframeSpacing() / plan.fps();
            if (o.strideS() < shortest - 1e-9 || o.strideS() > plan.windowSeconds() + 1e-9) {
                throw ApiException.badRequest(String.format(Locale.ROOT, "stride must be from %.3f s (one keyframe "
                        + "spacing) to %.3f s (the window), was %s", shortest, plan.windowSeconds(),
                        plain(o.strideS())));
            }
        }
        if (o.minSegmentS() != null && !Double.isNaN(duration) && o.minSegmentS() > duration + 1e-9) {
            throw ApiException.badRequest(String.format(Locale.ROOT, "min_segment must be from 0 to %.3f s (the "
                    + "video's length), was %s", duration, plain(o.minSegmentS())));
        }
    }

    private static Double seconds(Context ctx, String name, double min, boolean minIncluded, double max) {
        return number(ctx, name, min, minIncluded, max, true, "a number of seconds");
    }

    /** A plain decimal number in its range (no NaN, infinities, hex or suffixes), or null where absent. */
    private static Double number(Context ctx, String name, double min, boolean minIncluded, double max,
                                 boolean maxIncluded, String what) {
        String v = ctx.queryParam(name);
        if (v == null) return null;
        String range = (minIncluded ? "[" : "(") + plain(min) + ", " + plain(max) + (maxIncluded ? "]" : ")");
        String t = v.trim();
        double d = DECIMAL.matcher(t).matches() ? Double.parseDouble(t) : Double.NaN;
        if (Double.isNaN(d) || d < min || d == min && !minIncluded || d > max || d == max && !maxIncluded) {
            throw ApiException.badRequest(name + " must be " + what + " in " + range + ", was '" + clip(v) + "'");
        }
        return d;
    }

    /** A whole number from {@code min} to {@code max}, or null where absent. */
    private static Integer whole(Context ctx, String name, int min, int max) {
        String v = ctx.queryParam(name);
        if (v == null) return null;
        String t = v.trim();
        long n = WHOLE.matcher(t).matches() ? Long.parseLong(t) : Long.MIN_VALUE;
        if (n < min || n > max) {
            throw ApiException.badRequest(name + " must be a whole number from " + min + " to " + max + ", was '"
                    + clip(v) + "'");
        }
        return (int) n;
    }

    private static String plain(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e9 ? Long.toString((long) d) : Double.toString(d);
    }

    /** A client's text in a message: bounded, printable. */
    static String clip(String s) {
        String t = s.replaceAll("\\p{Cntrl}", "?");
        return t.length() > 60 ? t.substring(0, 60) + "…" : t;
    }
}
