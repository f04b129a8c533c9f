package org.actionrec.options;

import java.nio.file.Path;
import org.actionrec.dataset.DatasetOptions;
import org.actionrec.dataset.GroupKFold;
import picocli.CommandLine.Option;

/** How a dataset given as a folder, manifest or MMAction2 list is read, and split when it brings no splits. */
public final class DatasetSourceOptions {
    @Option(names = "--folds", defaultValue = "" + GroupKFold.DEFAULT_FOLDS,
            description = "grouped, stratified folds for data without splits (default ${DEFAULT-VALUE})")
    int folds;

    @Option(names = "--protocol-seed", defaultValue = "" + GroupKFold.DEFAULT_SEED,
            description = "seed of those folds (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--class-list", description = "MMAction2 lists: class list, line i naming class i - 1 "
            + "(default classes.txt beside the list)")
    Path classList;

    @Option(names = "--video-root", description = "lists and manifests: folder their relative video paths start "
            + "from (default the list's folder)")
    Path videoRoot;

    public DatasetOptions options() {
        return new DatasetOptions(folds, seed, classList, videoRoot);
    }
}
