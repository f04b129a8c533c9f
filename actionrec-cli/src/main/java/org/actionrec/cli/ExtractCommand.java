package org.actionrec.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.actionrec.dataset.DatasetSource;
import org.actionrec.dataset.VideoDataset;
import org.actionrec.features.ExtractionResult;
import org.actionrec.features.FeatureExtractor;
import org.actionrec.features.FeatureStore;
import org.actionrec.options.BackboneChoice;
import org.actionrec.options.DatasetSourceOptions;
import org.actionrec.options.StreamOptions;
import org.actionrec.report.FailuresCsv;
import org.actionrec.video.VideoFailure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "extract", description = "Extract backbone descriptors of every clip's keyframe streams into the feature store "
        + "(resumable: clips already stored are skipped).")
final class ExtractCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, description = "folder-per-class dataset, .csv/.tsv manifest or "
            + "MMAction2 .txt list")
    Path data;

    @Mixin
    DatasetSourceOptions source;

    @Option(names = "--store", defaultValue = "features", description = "feature store folder (default ${DEFAULT-VALUE})")
    Path store;

    @Option(names = "--workers", defaultValue = "1", description = "decode/motion threads beside the backbone (default ${DEFAULT-VALUE})")
    int workers;

    @Mixin
    BackboneChoice backbone;

    @Mixin
    StreamOptions streams;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        VideoDataset dataset = DatasetSource.open(data, source.options()).dataset();
        ExtractionResult r;
        FeatureStore featureStore;
        try (BackboneChoice.Sessions b = backbone.openSessions()) {
            FeatureExtractor extractor = new FeatureExtractor(streams.config(), b.get(0).spec().preprocessing(), workers);
            featureStore = new FeatureStore(store, extractor.settings(b.get(0)));
            try (ProgressBar bar = ProgressBars.create("extract", dataset.size())) {
                r = extractor.extract(dataset.clips(), b, featureStore, ProgressBars.listener(bar));
            }
        }
        FailuresCsv.write(featureStore.directory(), failures(r.failures()));
        PrintWriter out = spec.commandLine().getOut();
        out.printf("store %s%n", featureStore.directory());
        out.printf("extracted %d clips, reused %d, unreadable %d; %.1f frames/s end to end%n",
                r.extracted(), r.reused(), r.failures().size(), r.imagesPerSecond());
        r.failures().forEach(f -> out.printf("  unreadable: %s%n", f.message()));
        return 0;
    }

    static List<org.actionrec.report.Failure> failures(List<VideoFailure> failures) {
        return failures.stream().map(f -> new org.actionrec.report.Failure(f.name(), f.reason() + ": " + f.message())).toList();
    }
}
