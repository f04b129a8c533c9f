package org.actionrec.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.actionrec.ActionRecognizer;
import org.actionrec.timeline.Timeline;
import org.actionrec.timeline.TimelineOptions;
import org.actionrec.timeline.TimelineWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "timeline", description = "The actions of a video of any length over time: sliding windows sampled "
        + "as the model's training clips, each frame labelled by the windows covering it (weighted towards their "
        + "centres), merged segments.")
final class TimelineCommand implements Callable<Integer> {
    @Parameters(paramLabel = "VIDEO", description = "video file")
    Path video;

    @Mixin
    RecognizerChoice recognizer;

    @Mixin
    WindowChoice windows;

    @Option(names = "--smooth", defaultValue = "1", description = "also average each window with its neighbours "
            + "before the segments are made (odd, centred, triangular weights; default ${DEFAULT-VALUE}: none)")
    int smooth;

    @Option(names = "--min-segment", description = "seconds: shorter segments join a neighbour (default: one stride)")
    Double minSegment;

    @Option(names = "--no-action-below", defaultValue = "0", description = "frames whose best probability is below "
            + "this are 'no action', in no segment (default ${DEFAULT-VALUE}: off)")
    double noActionBelow;

    @Option(names = "--top", defaultValue = "3", description = "classes per window in timeline.json (default "
            + "${DEFAULT-VALUE})")
    int top;

    @Option(names = "--out", description = "folder for timeline.json, timeline.vtt, timeline.srt, "
            + "timeline_activitynet.json, timeline.csv and timeline.png")
    Path out;

    @Option(names = "--json", description = "print timeline.json to standard output")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        TimelineOptions options = TimelineOptions.DEFAULTS.withWindow(windows.window, windows.stride)
                .withSmoothing(smooth).withSegments(minSegment, noActionBelow).withTop(top);
        try (ActionRecognizer r = ActionRecognizer.open(recognizer.model, recognizer.windowOptions())) {
            Timeline t = r.timeline(video, options);
            if (out != null) TimelineWriter.writeAll(out, t, r.classes());
            if (json) {
                stdout.print(TimelineWriter.json(t));
            } else {
                stdout.printf(Locale.ROOT, "%s: %.1f s, %d frames at %.2f fps; %d windows of %.2f s every %.2f s%n",
                        video, t.durationS(), t.frames(), t.fps(), t.windows().size(), t.windowS(), t.strideS());
                for (Timeline.Segment s : t.segments()) {
                    stdout.printf(Locale.ROOT, "  %8.2f – %8.2f s  %-24s %5.1f%%%n", s.startS(), s.endS(), s.label(),
                            100 * s.score());
                }
                if (out != null) stdout.println("wrote " + out.resolve(TimelineWriter.JSON) + " and its companions");
            }
        }
        stdout.flush();
        return 0;
    }
}
