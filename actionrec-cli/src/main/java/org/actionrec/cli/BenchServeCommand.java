package org.actionrec.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.actionrec.RecognizerOptions;
import org.actionrec.bench.ServeBenchmark;
import org.actionrec.dataset.DatasetOptions;
import org.actionrec.dataset.DatasetSource;
import org.actionrec.dataset.VideoClip;
import org.actionrec.server.ModelCatalog;
import org.actionrec.server.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "serve", description = "The web service under load on 127.0.0.1: the library's batch rate on the "
        + "same clips, then throughput, p50/p95 latency, errors and 5xx per number of clients, then RSS after 100 "
        + "and after --soak requests. Run it alone.")
final class BenchServeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DATASET", description = "dataset whose first split's test clips are uploaded")
    Path data;

    @Option(names = {"-m", "--model"}, required = true, description = "model file to serve")
    Path model;

    @Mixin
    BackboneSource backbone;

    @Option(names = "--clips", defaultValue = "40", description = "distinct clips uploaded in turn (default ${DEFAULT-VALUE})")
    int clipCount;

    @Option(names = "--clients", split = ",", defaultValue = "1,2,4,8", description = "concurrency levels "
            + "(default ${DEFAULT-VALUE})")
    List<Integer> clients;

    @Option(names = "--requests", defaultValue = "60", description = "requests per level (default ${DEFAULT-VALUE})")
    int requests;

    @Option(names = "--soak", defaultValue = "1000", description = "requests of the memory soak at 4 clients "
            + "(default ${DEFAULT-VALUE})")
    int soak;

    @Option(names = "--workers", description = "service workers (default: half the cores, at least 1)")
    Integer workers;

    @Option(names = "--max-minutes", defaultValue = "30", description = "stop after this long, whatever is left "
            + "(default ${DEFAULT-VALUE})")
    int maxMinutes;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        int w = workers == null ? Math.max(1, cores / 2) : workers;
        List<VideoClip> test = DatasetSource.open(data, DatasetOptions.DEFAULTS).splits().get(0).test();
        List<Path> clips = new ArrayList<>();
        int step = Math.max(1, test.size() / Math.max(1, clipCount));
        for (int i = 0; i < test.size() && clips.size() < clipCount; i += step) clips.add(test.get(i).path());
        RecognizerOptions options = backbone.options().withSessions(w, Math.max(1, cores / w));
        ServerConfig config = ServerConfig.defaults().withPort(0).withWorkers(w, Math.max(16, 2 * max(clients)));
        ServeBenchmark.Result r;
        try (ModelCatalog catalog = ModelCatalog.open(Map.of("bench", model), options);
                ProgressBar bar = ProgressBars.create("bench serve", clients.size() + 1)) {
            r = ServeBenchmark.run(catalog.get("bench"), config, clips, clients, requests, soak,
                    Duration.ofMinutes(maxMinutes), ProgressBars.listener(bar));
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%d clips of %s, %d worker(s) x %d backbone thread(s), %d cores%n", clips.size(), data, w,
                Math.max(1, cores / w), cores);
        out.printf("  batch rate (library, %d callers, no HTTP)  %6.2f clips/s%n", w, r.batchPerSecond());
        out.println("  clients  requests  clips/s  of batch  p50 s  p95 s  errors  5xx");
        for (ServeBenchmark.Level l : r.levels()) {
            out.printf("  %7d  %8d  %7.2f  %7.0f%%  %5.2f  %5.2f  %6d  %3d%n", l.clients(), l.requests(),
                    l.perSecond(), 100 * l.perSecond() / r.batchPerSecond(), l.p50Seconds(), l.p95Seconds(),
                    l.errors(), l.serverErrors());
        }
        if (r.rssAfter100() > 0) {
            out.printf("  RSS after 100 requests %s, after %d %s (%+.1f%%)%s%n", BenchCommand.mib(r.rssAfter100()),
                    r.soakRequests(), BenchCommand.mib(r.rssAfterSoak()),
                    100.0 * (r.rssAfterSoak() - r.rssAfter100()) / r.rssAfter100(),
                    r.stoppedByTime() ? " (stopped by --max-minutes)" : "");
        } else {
            // a soak of fewer than 100 requests (or none) has no first reading to compare with
            out.printf("  RSS after the soak's %d requests %s%n", r.soakRequests(), BenchCommand.mib(r.rssAfterSoak()));
        }
        return 0;
    }

    private static int max(List<Integer> xs) {
        return xs.stream().mapToInt(Integer::intValue).max().orElse(1);
    }
}
