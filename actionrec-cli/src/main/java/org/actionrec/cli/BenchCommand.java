package org.actionrec.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.actionrec.bench.DecodeBenchmark;
import org.actionrec.bench.ExtractionBenchmark;
import org.actionrec.dataset.FolderPerClassDataset;
import org.actionrec.dataset.VideoClip;
import org.actionrec.dataset.VideoDataset;
import org.actionrec.features.FeatureExtractor;
import org.actionrec.options.BackboneChoice;
import org.actionrec.options.StreamOptions;
import org.actionrec.streams.StreamConfig;
import org.actionrec.video.FfmpegVideoReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "bench", description = "Measure the pipeline's speed on a dataset (run it alone: anything beside it halves the figures).",
        subcommands = {BenchCommand.Decode.class, BenchCommand.Extract.class, BenchCommand.Explain.class, BenchTimelineCommand.class, BenchServeCommand.class})
final class BenchCommand {
    static String mib(long bytes) {
        return bytes < 0 ? "n/a" : String.format("%.0f MiB", bytes / 1048576.0);
    }

    static List<VideoClip> clips(Path root, int limit) {
        VideoDataset d = FolderPerClassDataset.load(root);
        List<VideoClip> all = d.clips();
        return limit > 0 && limit < all.size() ? all.subList(0, limit) : all;
    }

    @Command(name = "decode", description = "frames/s of decoding, keyframe sampling and motion images (one thread), and peak memory")
    static final class Decode implements Callable<Integer> {
        @Parameters(paramLabel = "DATASET", description = "folder-per-class dataset")
        Path root;

        @Option(names = {"-k", "--keyframes"}, defaultValue = "5")
        int keyframes;

        @Option(names = "--limit", defaultValue = "0", description = "only the first N clips (0 = all)")
        int limit;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            List<Path> files = clips(root, limit).stream().map(VideoClip::path).toList();
            DecodeBenchmark.Result r;
            try (ProgressBar bar = ProgressBars.create("bench decode", files.size())) {
                r = new DecodeBenchmark(new FfmpegVideoReader(), keyframes).run(files, ProgressBars.listener(bar));
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf("clips %d (%d unreadable), one calling thread (OpenCV may use its own pool)%n", r.clips(), r.failures());
            for (DecodeBenchmark.Stage s : r.stages()) {
                out.printf("  %-36s %9.0f %s/s  (%d in %.1f s)%n", s.name(), s.perSecond(), s.unit(), s.units(), s.seconds());
            }
            out.printf("peak RSS %s%n", mib(r.peakRssBytes()));
            return 0;
        }
    }

    @Command(name = "extract", description = "frames/s of descriptor extraction end to end and of the backbone alone, their ratio, peak memory")
    static final class Extract implements Callable<Integer> {
        @Parameters(paramLabel = "DATASET", description = "folder-per-class dataset")
        Path root;

        @Mixin
        BackboneChoice backbone;

        @Mixin
        StreamOptions streams;

        @Option(names = "--workers", defaultValue = "1", description = "decode/motion threads beside the backbone (default ${DEFAULT-VALUE})")
        int workers;

        @Option(names = "--limit", defaultValue = "0", description = "only the first N clips (0 = all)")
        int limit;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            List<VideoClip> clips = clips(root, limit);
            StreamConfig config = streams.config();
            ExtractionBenchmark.Result r;
            try (BackboneChoice.Sessions s = backbone.openSessions();
                    ProgressBar bar = ProgressBars.create("bench extract", clips.size())) {
                FeatureExtractor extractor = new FeatureExtractor(config, s.get(0).spec().preprocessing(), workers);
                r = ExtractionBenchmark.run(extractor, s, clips, config.orderedStreams().size() * config.keyframes(),
                        ProgressBars.listener(bar));
            }
            PrintWriter out = spec.commandLine().getOut();
            var e = r.extraction();
            out.printf("clips %d (%d unreadable), streams %s, flow %s, %d images; %d worker thread(s), "
                            + "%d backbone session(s) x %d thread(s)%n",
                    e.extracted() + e.failures().size(), e.failures().size(),
                    config.orderedStreams().stream().map(x -> x.id()).toList(), streams.flow(), e.images(), workers,
                    backbone.sessions(), backbone.threads());
            out.printf("  end to end      %7.1f frames/s  (%.1f s; %.1f CPU s inside the backbone)%n",
                    r.endToEndPerSecond(), e.seconds(), e.backboneSeconds());
            out.printf("  backbone alone  %7.1f frames/s%n", r.backboneAlonePerSecond());
            out.printf("  ratio           %7.2f%n", r.ratio());
            var st = e.stages();
            double cpu = st.decode() + st.motion() + st.preprocess() + st.backbone() + st.store();
            out.printf("CPU seconds by stage, %.1f in all over %.1f s wall on %d cores:%n", cpu, e.seconds(),
                    Runtime.getRuntime().availableProcessors());
            out.printf("  workers:  decode %.1f, motion images %.1f, preprocess %.1f; waited %.1f s for the backbone%n",
                    st.decode(), st.motion(), st.preprocess(), st.workersWaiting());
            out.printf("  sessions: backbone %.1f, store %.1f; waited %.1f s for a clip%n", st.backbone(), st.store(),
                    st.backboneWaiting());
            out.printf("peak RSS %s%n", mib(r.peakRssBytes()));
            return 0;
        }
    }

    @Command(name = "explain", description = "seconds per clip of explain (explanation and its files) after start-up: "
            + "one clip of each class in turn (the first by name), the first --warm-up explanations not counted; "
            + "prints each clip's time and the median")
    static final class Explain implements Callable<Integer> {
        @Parameters(paramLabel = "DATASET", description = "folder-per-class dataset")
        Path root;

        @Mixin
        RecognizerChoice recognizer;

        @Option(names = "--limit", defaultValue = "10", description = "clips to measure (default ${DEFAULT-VALUE})")
        int limit;

        @Option(names = "--warm-up", defaultValue = "2", description = "explanations before measuring (default "
                + "${DEFAULT-VALUE})")
        int warmUp;

        @Option(names = "--saliency-views", defaultValue = "all", paramLabel = "N|all",
                description = "as explain's (default ${DEFAULT-VALUE}; 0: none)")
        String saliencyViews;

        @Option(names = "--out", description = "where the files go (default: a temporary folder, deleted after)")
        Path out;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            ExplainCommand.onePyTorchThreadUnlessSet();
            List<Path> videos = oneOfEachClass(FolderPerClassDataset.load(root).clips(), limit);
            org.actionrec.RecognizerOptions options = recognizer.options();
            Path dir = out != null ? out : java.nio.file.Files.createTempDirectory("actionrec-bench-explain");
            org.actionrec.bench.ExplainBenchmark.Result r;
            try (org.actionrec.ActionRecognizer opened = org.actionrec.ActionRecognizer.open(recognizer.model, options);
                    ProgressBar bar = ProgressBars.create("bench explain", videos.size())) {
                r = org.actionrec.bench.ExplainBenchmark.run(opened, videos,
                        org.actionrec.explain.ExplainOptions.defaults().withSaliencyViews(
                                ExplainCommand.saliencyViews(saliencyViews)), dir, warmUp,
                        ProgressBars.listener(bar));
            } finally {
                if (out == null) deleteTree(dir);
            }
            PrintWriter o = spec.commandLine().getOut();
            o.printf("clips %d, saliency views %s, %d warm-up explanation(s) not counted; cores %d%n", videos.size(),
                    saliencyViews, warmUp, Runtime.getRuntime().availableProcessors());
            double[] total = r.total();
            for (int i = 0; i < total.length; i++) {
                o.printf(java.util.Locale.ROOT, "  %6.2f s  (explain %.2f, files %.2f)  %s%n", total[i], r.explain()[i],
                        r.write()[i], r.clips().get(i));
            }
            o.printf(java.util.Locale.ROOT, "median %.2f s per clip (explain %.2f s, files %.2f s); peak RSS %s%n",
                    org.actionrec.bench.ExplainBenchmark.Result.median(total),
                    org.actionrec.bench.ExplainBenchmark.Result.median(r.explain()),
                    org.actionrec.bench.ExplainBenchmark.Result.median(r.write()), mib(r.peakRssBytes()));
            return 0;
        }

        /** The first clip (by path) of each class, class after class, then the second of each, up to limit. */
        static List<Path> oneOfEachClass(List<VideoClip> clips, int limit) {
            java.util.Map<String, List<Path>> byClass = new java.util.TreeMap<>();
            for (VideoClip c : clips) byClass.computeIfAbsent(c.label(), k -> new java.util.ArrayList<>()).add(c.path());
            byClass.values().forEach(java.util.Collections::sort);
            List<Path> out = new java.util.ArrayList<>();
            for (int round = 0; out.size() < limit; round++) {
                boolean any = false;
                for (List<Path> l : byClass.values()) {
                    if (round < l.size() && out.size() < limit) {
                        out.add(l.get(round));
                        any = true;
                    }
                }
                if (!any) break;
            }
            return out;
        }

        private static void deleteTree(Path dir) throws java.io.IOException {
            try (java.util.stream.Stream<Path> s = java.nio.file.Files.walk(dir)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) java.nio.file.Files.delete(p);
            }
        }
    }
}
