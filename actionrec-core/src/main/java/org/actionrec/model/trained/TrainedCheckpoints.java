package org.actionrec.model.trained;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.actionrec.modelfile.ModelArchive;
import org.actionrec.modelfile.ModelFileException;
import org.actionrec.modelfile.ModelManifest;

/** The checkpoint folders a trained model's file names (ensemble members, refitted where refitted), unpacked. */
public final class TrainedCheckpoints {
    private TrainedCheckpoints() {
    }

    public static List<Path> folders(ModelArchive archive) throws ModelFileException {
        ModelManifest m = archive.manifest();
        if (m.checkpoints() == null || m.checkpoints().isEmpty()) {
            throw new ModelFileException(archive.file(), "corrupted: the manifest names no checkpoints");
        }
        List<Path> folders = new ArrayList<>();
        for (String c : m.checkpoints()) folders.add(archive.path(c));
        return folders;
    }

    /** A sequence model's scorer, fused with the frozen SVMs the file holds, if any. */
    public static TrainedModelScorer scorer(ModelArchive archive, String notExplained) throws IOException {
        ModelManifest m = archive.manifest();
        FrozenSvmFusion fusion = m.frozenFusion() == null ? null
                : archive.readJson(FrozenSvmFusion.ENTRY, FrozenSvmFusion.class);
        return TrainedModelScorer.open(folders(archive), m.streamConfig(), fusion, notExplained);
    }
}
