package org.actionrec.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.actionrec.ActionRecognizer;
import org.actionrec.live.LiveOptions;
import org.actionrec.live.LiveRun;
import org.actionrec.live.LiveSummary;
import org.actionrec.live.ReconnectPolicy;
import org.actionrec.live.Source;
import org.actionrec.timeline.WindowResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "live", description = "Labels of a file, stream or camera as it plays: one line per stride with the "
        + "window's time, its top classes and the latency from its last frame to its label. Ctrl-C stops cleanly.")
final class LiveCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SOURCE", description = "a video file, a stream URL FFmpeg reads (rtsp://, http://, "
            + "udp://, rtp://) or a capture device (/dev/video0)")
    String source;

    @Mixin
    RecognizerChoice recognizer;

    @Mixin
    WindowChoice windows;

    @Option(names = "--realtime", description = "play a file at its own frame rate (default: as fast as possible)")
    boolean realtime;

    @Option(names = "--top", defaultValue = "3", description = "classes per line (default ${DEFAULT-VALUE})")
    int top;

    @Option(names = "--json-lines", description = "one JSON object per window: {start_s, end_s, top: [{label, "
            + "probability}], latency_s, first_frame}")
    boolean jsonLines;

    @Option(names = "--queue", defaultValue = "64", description = "frames between the reader and recognition; when "
            + "full, the oldest is dropped for streams and real-time files (default ${DEFAULT-VALUE})")
    int queue;

    @Option(names = "--reconnect-attempts", defaultValue = "5", description = "reconnects in a row before giving up "
            + "on a lost stream (default ${DEFAULT-VALUE}; delays 0.5 s doubling to 8 s)")
    int attempts;

    @Option(names = "--read-timeout", defaultValue = "5", description = "seconds a stream may stay silent before it "
            + "counts as lost (default ${DEFAULT-VALUE})")
    double readTimeout;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ReconnectPolicy policy = new ReconnectPolicy(attempts, ReconnectPolicy.DEFAULTS.initialDelay(),
                ReconnectPolicy.DEFAULTS.maxDelay(), Duration.ofMillis(Math.round(readTimeout * 1000)));
        LiveOptions options = LiveOptions.DEFAULTS.withWindow(windows.window, windows.stride).withRealtime(realtime)
                .withQueue(queue, null).withReconnect(policy);
        LiveRun run = new LiveRun(Source.parse(source), options);
        CountDownLatch done = new CountDownLatch(1);
        Thread onCtrlC = new Thread(() -> {
            run.stop();
            try {
                done.await(10, TimeUnit.SECONDS); // let the run print its summary before the JVM goes
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "actionrec-live-stop");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        ObjectMapper json = new ObjectMapper();
        try (ActionRecognizer r = ActionRecognizer.open(recognizer.model, recognizer.windowOptions())) {
            List<String> classes = r.classes();
            LiveSummary s = r.live(run, w -> {
                if (jsonLines) {
                    out.println(line(json, w, classes));
                } else {
                    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "[%9.2f – %9.2f s]", w.startS(),
                            w.endS()));
                    for (Map<String, Object> c : top(w, classes)) {
                        b.append(String.format(Locale.ROOT, "  %s %.0f%%", c.get("label"),
                                100 * (double) c.get("probability")));
                    }
                    b.append(String.format(Locale.ROOT, "  (latency %.3f s)", w.latencyS()));
                    out.println(b);
                }
                out.flush();
            });
            err.printf(Locale.ROOT, "%s: %s; %d frames, %d dropped, %d windows, %d reconnect attempts, %.1f s; latency "
                            + "p50 %.3f s, p95 %.3f s, max %.3f s%n", source, s.ended(), s.frames(), s.dropped(),
                    s.windows(), s.reconnects(), s.seconds(), s.latencyP50S(), s.latencyP95S(), s.latencyMaxS());
            err.flush();
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running and waits for done
            }
        }
        return 0;
    }

    private List<Map<String, Object>> top(WindowResult w, List<String> classes) {
        List<Integer> order = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) order.add(c);
        double[] p = w.probabilities();
        order.sort((a, b) -> Double.compare(p[b], p[a]));
        List<Map<String, Object>> out = new ArrayList<>();
        for (int c : order.subList(0, Math.min(top, order.size()))) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("label", classes.get(c));
            m.put("probability", p[c]);
            out.add(m);
        }
        return out;
    }

    private String line(ObjectMapper json, WindowResult w, List<String> classes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("start_s", w.startS());
        m.put("end_s", w.endS());
        m.put("top", top(w, classes));
        m.put("latency_s", w.latencyS());
        m.put("first_frame", w.firstFrame());
        try {
            return json.writeValueAsString(m);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
