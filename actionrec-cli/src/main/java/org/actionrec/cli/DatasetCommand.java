package org.actionrec.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.actionrec.dataset.DatasetSource;
import org.actionrec.dataset.DatasetSummary;
import org.actionrec.dataset.LabelledDataset;
import org.actionrec.dataset.VideoClip;
import org.actionrec.dataset.VideoDataset;
import org.actionrec.options.DatasetSourceOptions;
import org.actionrec.video.FfmpegVideoReader;
import org.actionrec.video.VideoFailure;
import org.actionrec.video.VideoScan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "dataset",
        description = "Summarise a dataset: classes, clips per class, the split protocol it gets and why, split sizes, "
                + "unreadable files.")
final class DatasetCommand implements Callable<Integer> {
    @Parameters(paramLabel = "ROOT", description = "dataset folder (one sub-folder per class), .csv/.tsv manifest "
            + "(path,label[,group][,split]) or MMAction2 .txt train list")
    Path root;

    @Mixin
    DatasetSourceOptions source;

    @Option(names = "--check", defaultValue = "decode",
            description = "how to find unreadable files: decode (every frame), open (headers only), none; default ${DEFAULT-VALUE}")
    String check;

    @Option(names = "--threads", defaultValue = "2", description = "files checked in parallel (default ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        LabelledDataset labelled = DatasetSource.open(root, source.options());
        VideoDataset dataset = labelled.dataset();
        DatasetSummary summary = DatasetSummary.of(labelled);
        VideoScan.Result scan = null;
        if (!check.equals("none")) {
            if (!check.equals("decode") && !check.equals("open")) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--check takes decode, open or none");
            }
            Map<String, Path> files = new LinkedHashMap<>();
            for (VideoClip c : dataset.clips()) {
                files.put(c.relativeName(), c.path());
            }
            try (ProgressBar bar = ProgressBars.create("checking", files.size())) {
                scan = new VideoScan(new FfmpegVideoReader(), threads)
                        .scan(files, check.equals("decode"), ProgressBars.listener(bar));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("protocol", summary.protocol());
            doc.put("protocol_reason", summary.protocolReason());
            doc.put("summary", summary);
            if (scan != null) {
                doc.put("unreadable", scan.failures());
            }
            out.println(new ObjectMapper().findAndRegisterModules().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(doc));
            return 0;
        }
        out.printf("dataset  %s%n", summary.root());
        out.printf("classes  %d%nclips    %d%n", summary.classes().size(), summary.clips());
        for (DatasetSummary.ClassCount c : summary.classes()) {
            out.printf("  %-28s %5d%n", c.label(), c.clips());
        }
        if (!summary.skipped().isEmpty()) {
            out.printf("skipped  %d entries (not videos, or listed but not on disk)%n", summary.skipped().size());
            summary.skipped().stream().limit(20).forEach(s -> out.printf("  %s: %s%n", s.path(), s.reason()));
        }
        out.printf("protocol %s%n", summary.protocol());
        out.printf("  why    %s%n", summary.protocolReason());
        out.printf("  %-8s %6s %6s %6s %8s %9s %s%n", "split", "train", "test", "unused", "missing", "unlisted",
                "groups on both sides (within class / any)");
        for (DatasetSummary.SplitSize s : summary.splits()) {
            out.printf("  %-8s %6d %6d %6d %8d %9d %d / %d%n", s.name(), s.train(), s.test(), s.unused(),
                    s.missing(), s.unlisted(), s.sharedGroupsWithinClass(), s.sharedGroups());
        }
        if (scan != null) {
            out.printf("unreadable %d of %d (%s check)%n", scan.failures().size(), summary.clips(), check);
            for (VideoFailure f : scan.failures()) {
                out.printf("  %s: %s%n", f.name(), f.message());
            }
        }
        return 0;
    }
}
