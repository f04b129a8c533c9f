package org.actionrec.cli;

import java.nio.file.Path;
import java.util.List;
import org.actionrec.model.pool.HeadKind;
import org.actionrec.model.pool.PoolSettings;
import org.actionrec.options.DatasetSourceOptions;
import org.actionrec.recognizer.FrozenRecognizerJob;
import org.actionrec.streams.StreamConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options of the commands that work on a dataset's splits: run, train, compare, evaluate. */
final class JobOptions {
    @Option(names = "--data", required = true, description = "folder-per-class dataset (official splits if it has "
            + "them, else grouped folds), .csv/.tsv manifest (path,label[,group][,split]) or MMAction2 .txt train list")
    Path data;

    @Mixin
    DatasetSourceOptions source;

    @Option(names = "--out", defaultValue = "out", description = "output folder (default ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--store", defaultValue = "features", description = "feature store folder (default ${DEFAULT-VALUE})")
    Path store;

    @Option(names = "--head", defaultValue = "svm", description = "per-stream head: svm or softmax (default ${DEFAULT-VALUE})")
    String head;

    @Option(names = "--c", split = ",", description = "C values tried on the validation split (default 0.001,0.01,0.1)")
    List<Double> cValues;

    @Option(names = "--workers", defaultValue = "1", description = "decode/motion threads beside the backbone (default ${DEFAULT-VALUE})")
    int workers;

    @Option(names = "--embed-backbone", description = "also put the backbone file inside model.actionrec, so that "
            + "the model travels alone")
    boolean embedBackbone;

    FrozenRecognizerJob job(StreamConfig streams, List<Integer> splits) {
        PoolSettings pool = PoolSettings.DEFAULTS.withHead(HeadKind.parse(head));
        if (cValues != null && !cValues.isEmpty()) {
            pool = pool.withCValues(cValues);
        }
        return new FrozenRecognizerJob(new FrozenRecognizerJob.Config(data, out, store, streams, workers, pool, splits,
                embedBackbone, source.options()));
    }
}
