package org.actionrec.dataset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The one way in to a dataset and its protocol. {@code data} is one of:
 * <ul>
 *   <li>a folder per class ({@link FolderPerClassDataset}): its official splits where {@code splits/} or
 *       {@code ucfTrainTestlist/} is there, else {@link GroupKFold};</li>
 *   <li>a {@code .csv} or {@code .tsv} manifest ({@link ManifestDataset}): its split column, else
 *       {@link GroupKFold};</li>
 *   <li>a {@code .txt} MMAction2 train list ({@link Mmaction2Lists}): with its val/test lists, else
 *       {@link GroupKFold}.</li>
 * </ul>
 */
public final class DatasetSource {
    private DatasetSource() {
    }

    /**
     * Loads the dataset and chooses its protocol; the splits themselves are made by
     * {@link LabelledDataset#splits()}.
     *
     * @throws DatasetException naming {@code data} where it does not exist, is not one of the forms above, or is
     *                          given an option that does not apply to it; or naming the file at fault while
     *                          loading
     */
    public static LabelledDataset open(Path data, DatasetOptions options) {
        Path abs = data.toAbsolutePath().normalize();
        if (!Files.exists(abs)) {
            throw new DatasetException(abs, "dataset does not exist (expected a folder per class, a .csv/.tsv "
                    + "manifest or an MMAction2 .txt list)");
        }
        if (Files.isDirectory(abs)) {
            refuse(abs, options.classList() != null, "a class list applies only to MMAction2 lists (.txt)");
            refuse(abs, options.videoRoot() != null, "a video root applies only to lists and manifests; a "
                    + "dataset folder holds its videos itself");
            return folder(abs, options);
        }
        if (ManifestDataset.isManifest(abs)) {
            refuse(abs, options.classList() != null, "a class list applies only to MMAction2 lists (.txt); a "
                    + "manifest names its classes");
            return ManifestDataset.open(abs, options);
        }
        if (Mmaction2Lists.isList(abs)) {
            return Mmaction2Lists.open(abs, options);
        }
        throw new DatasetException(abs, "not a dataset folder, a .csv/.tsv manifest or an MMAction2 .txt list");
    }

    private static LabelledDataset folder(Path root, DatasetOptions options) {
        VideoDataset dataset = FolderPerClassDataset.load(root);
        GroupOrigin groups = GroupOrigin.fromFileNames(dataset.clips());
        Optional<SplitProtocol> official = SplitProtocol.detect(dataset.root());
        if (official.isPresent()) {
            SplitProtocol p = official.get();
            String where = p instanceof HmdbSplitFiles h ? "HMDB51/JHMDB split files in " + h.splitDir()
                    : p instanceof Ucf101SplitLists u ? "UCF101 lists in " + u.listDir() : p.name();
            return new LabelledDataset(dataset, official.get(), "official splits: " + where + "; " + groups.describe(),
                    true, groups.known());
        }
        GroupKFold folds = options.groupKFold();
        return new LabelledDataset(dataset, folds, "no split files found under " + dataset.root() + " ("
                + FolderPerClassDataset.SPLITS_FOLDER + "/ or " + Ucf101SplitLists.LIST_FOLDER + "/): "
                + folds.describe() + "; " + groups.describe(), false, groups.known());
    }

    private static void refuse(Path data, boolean given, String why) {
        if (given) {
            throw new DatasetException(data, why);
        }
    }
}
