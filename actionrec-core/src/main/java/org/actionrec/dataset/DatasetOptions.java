package org.actionrec.dataset;

import java.nio.file.Path;

/**
 * How {@link DatasetSource#open} reads a dataset and splits one that brings no splits of its own.
 *
 * @param folds     k of the {@link GroupKFold} protocol (at least 2)
 * @param seed      seed of the {@link GroupKFold} protocol
 * @param classList MMAction2 lists only: the class list (line i names class i); null for {@code classes.txt}
 *                  beside the train list
 * @param videoRoot lists and manifests: the folder relative video paths start from; null for the folder of the
 *                  list or manifest
 */
public record DatasetOptions(int folds, long seed, Path classList, Path videoRoot) {
    public static final DatasetOptions DEFAULTS =
            new DatasetOptions(GroupKFold.DEFAULT_FOLDS, GroupKFold.DEFAULT_SEED, null, null);

    public DatasetOptions {
        GroupKFold.requireFolds(folds);
    }

    public GroupKFold groupKFold() {
        return new GroupKFold(folds, seed);
    }

    public DatasetOptions withFolds(int k) {
        return new DatasetOptions(k, seed, classList, videoRoot);
    }

    public DatasetOptions withSeed(long s) {
        return new DatasetOptions(folds, s, classList, videoRoot);
    }

    public DatasetOptions withClassList(Path file) {
        return new DatasetOptions(folds, seed, file, videoRoot);
    }

    public DatasetOptions withVideoRoot(Path folder) {
        return new DatasetOptions(folds, seed, classList, folder);
    }
}
