package org.actionrec.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.actionrec.bench.TimelineBenchmark;
import org.actionrec.timeline.TimelineOptions;
import org.actionrec.timeline.TimelineWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "timeline", description = "The timeline against ground truth: split K's test clips concatenated in a "
        + "seeded order into one 30 fps video, recognised by the rgb pool and the four-stream pool (trained here on "
        + "split K's training side) and by -m MODEL: clip-level top-1, frame-level accuracy, segment F1 at tIoU 0.5, "
        + "throughput, peak RSS for the video and one --length-factor times longer, live latency and drops.")
final class BenchTimelineCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, description = "JHMDB-like dataset with split files")
    Path data;

    @Option(names = {"-b", "--backbone"}, required = true, description = "backbone file the pools are trained with "
            + "(and that -m MODEL was trained with)")
    Path backbone;

    @Option(names = {"-m", "--model"}, description = "a further model file to measure, e.g. the best trained model "
            + "(trained on the same split's training side)")
    Path model;

    @Option(names = "--store", defaultValue = "features", description = "feature store (default ${DEFAULT-VALUE}): "
            + "descriptors are extracted once, reruns are fast")
    Path store;

    @Option(names = "--out", defaultValue = "out/bench-timeline", description = "folder for the videos, the pools, "
            + "each model's timeline files and bench_timeline.json (default ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--split", defaultValue = "1")
    int split;

    @Option(names = "--seed", defaultValue = "42", description = "order of the clips (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--classes", defaultValue = "0", description = "only the first N classes (0 = all)")
    int classes;

    @Option(names = "--length-factor", defaultValue = "5", description = "passes over the test clips in the longer "
            + "video for peak RSS (default ${DEFAULT-VALUE})")
    int lengthFactor;

    @Option(names = "--long-for", defaultValue = "rgb,four", split = ",", description = "models that also run the "
            + "longer video: rgb, four, best (default ${DEFAULT-VALUE})")
    List<String> longFor;

    @Option(names = "--live-seconds", defaultValue = "120", description = "seconds of live mode per model, the video "
            + "played in real time (0 = all of it; default ${DEFAULT-VALUE})")
    double liveSeconds;

    @Option(names = "--workers", defaultValue = "1", description = "decoding/motion threads of the extraction")
    int workers;

    @Mixin
    WindowChoice windows;

    @Option(names = "--smooth", defaultValue = "1", description = "windows averaged before the segments are made "
            + "(default ${DEFAULT-VALUE}: none)")
    int smooth;

    @Option(names = "--min-segment", description = "seconds (default: one stride)")
    Double minSegment;

    @Option(names = "--quick", description = "a smoke test in a few minutes: the first 3 classes, 20 s of live mode, "
            + "a longer video of 2 passes (into <out>-quick)")
    boolean quick;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path folder = quick ? Path.of(this.out + "-quick") : this.out;
        TimelineBenchmark.Config config = new TimelineBenchmark.Config(data, backbone, store, folder, model, split,
                seed, quick ? 3 : classes, quick ? 2 : lengthFactor, longFor, quick ? 20 : liveSeconds, workers,
                TimelineOptions.DEFAULTS.withWindow(windows.window, windows.stride).withSmoothing(smooth)
                        .withSegments(minSegment, 0));
        TimelineBenchmark.Result r = new TimelineBenchmark(config, line -> {
            out.println("  " + line);
            out.flush();
        }).run();
        out.printf(Locale.ROOT, "%nvideo %s: %d test clips, %d frames, %.1f s at %.0f fps%s%n", r.video(), r.testClips(),
                r.frames(), r.durationS(), TimelineBenchmark.FPS, r.longVideo() == null ? ""
                        : String.format(Locale.ROOT, "; longer video %d frames", r.longFrames()));
        out.println("| model | clip top-1 % | frame acc. % | frame / clip % | segment F1@0.5 | segments (true) | "
                + "window / stride s | frames/s | × real time | peak RSS | longer: × real time | longer: peak RSS | "
                + "RSS growth % | live p50 / p95 s | live dropped / frames |");
        out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (TimelineBenchmark.ModelFigures m : r.models()) {
            out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.3f | %d (%d) | %.2f / %.2f | %.0f | %.1f | %s | %s | "
                            + "%s | %s | %.3f / %.3f | %d / %d |%n", m.name(), m.clipTop1Pct(), m.frameAccuracyPct(),
                    m.frameToClipPct(), m.segmentF1(), m.segments(), m.truthSegments(), m.windowS(), m.strideS(),
                    m.framesPerSecond(), m.timesRealTime(), BenchCommand.mib(m.peakRssBytes()),
                    m.longTimesRealTime() == null ? "–" : String.format(Locale.ROOT, "%.1f", m.longTimesRealTime()),
                    m.longPeakRssBytes() == null ? "–" : BenchCommand.mib(m.longPeakRssBytes()),
                    m.rssGrowthPct() == null ? "–" : String.format(Locale.ROOT, "%+.1f", m.rssGrowthPct()),
                    m.live().latencyP50S(), m.live().latencyP95S(), m.live().dropped(), m.live().frames());
        }
        if (r.longVideo() != null) {
            out.println();
            out.println("peak RSS of a fresh `actionrec timeline` process (polled from /proc/PID/status every 50 ms):");
            out.println("| model | video: frames, peak RSS | " + lengthFactorOf(quick) + "× longer: frames, peak RSS | growth % |");
            out.println("|---|---:|---:|---:|");
            Path json = folder.resolve("bench_timeline.json");
            ObjectNode written = (ObjectNode) TimelineWriter.mapper().readTree(json.toFile());
            ArrayNode processes = written.putArray("fresh_process_peak_rss");
            for (TimelineBenchmark.ModelFigures m : r.models()) {
                if (!config.longFor().contains(m.name())) continue;
                long shortPeak = childPeakRss(Path.of(r.video()), Path.of(m.modelFile()));
                long longPeak = childPeakRss(Path.of(r.longVideo()), Path.of(m.modelFile()));
                double growth = 100.0 * (longPeak - shortPeak) / shortPeak;
                out.printf(Locale.ROOT, "| %s | %d, %s | %d, %s | %+.1f |%n", m.name(), r.frames(),
                        BenchCommand.mib(shortPeak), r.longFrames(), BenchCommand.mib(longPeak), growth);
                out.flush();
                processes.addObject().put("model", m.name()).put("peak_rss_bytes", shortPeak)
                        .put("long_peak_rss_bytes", longPeak).put("growth_pct", growth);
            }
            TimelineWriter.mapper().writeValue(json.toFile(), written); // the figures for the 15% target kept too
        }
        out.println("written: " + folder.resolve("bench_timeline.json"));
        out.flush();
        return 0;
    }

    /**
     * The heap options the launcher gives {@code actionrec timeline} and {@code live}: without a bounded young
     * generation, how much heap a run touches depends on how G1 sized eden during model loading.
     */
    static final List<String> LAUNCHER_TIMELINE_JVM_OPTIONS = List.of("-Xmx1g", "-XX:MaxNewSize=64m");

    private int lengthFactorOf(boolean quick) {
        return quick ? 2 : lengthFactor;
    }

    /**
     * Runs {@code actionrec timeline VIDEO -m MODEL -b BACKBONE} in a new JVM with this one's options and returns
     * its peak RSS: one run per process, so nothing an earlier run left in the heap counts.
     */
    private long childPeakRss(Path video, Path modelFile) throws Exception {
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(javaBin));
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.addAll(LAUNCHER_TIMELINE_JVM_OPTIONS); // the last of a repeated option counts
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ActionRecCli.class.getName(), "timeline",
                video.toString(), "-m", modelFile.toString(), "-b", backbone.toString()));
        Path log = Files.createTempFile("actionrec-timeline-rss", ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Path status = Path.of("/proc", Long.toString(p.pid()), "status");
        long peak = -1;
        while (p.isAlive()) {
            try {
                for (String line : Files.readAllLines(status)) {
                    if (line.startsWith("VmHWM:")) peak = Math.max(peak, Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024);
                }
            } catch (IOException | NumberFormatException gone) {
                // the process ended between the check and the read
            }
            Thread.sleep(50);
        }
        if (p.waitFor() != 0) {
            List<String> lines = Files.readAllLines(log);
            throw new IllegalStateException("the timeline of " + video + " failed in its process: "
                    + String.join(" / ", lines.subList(Math.max(0, lines.size() - 3), lines.size())));
        }
        Files.deleteIfExists(log);
        return peak;
    }
}
