package org.actionrec.dataset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** How a dataset is divided into train/test splits: official split files, or a rule over groups. */
public interface SplitProtocol {
    /** A short description for provenance and reports, e.g. {@code hmdb-split-files:/data/jhmdb/splits}. */
    String name();

    /** All splits of this protocol over the clips of {@code dataset}, in order (split 1 first). */
    List<Split> splits(VideoDataset dataset);

    /**
     * The official protocol found beside a dataset: {@code <root>/splits} (HMDB51/JHMDB split files) or
     * {@code <root>/ucfTrainTestlist} (UCF101 lists); empty where neither is there.
     */
    static Optional<SplitProtocol> detect(Path root) {
        Path hmdb = root.resolve(FolderPerClassDataset.SPLITS_FOLDER);
        if (Files.isDirectory(hmdb)) {
            return Optional.of(new HmdbSplitFiles(hmdb));
        }
        Path ucf = root.resolve(Ucf101SplitLists.LIST_FOLDER);
        if (Files.isDirectory(ucf)) {
            return Optional.of(new Ucf101SplitLists(ucf));
        }
        return Optional.empty();
    }
}
