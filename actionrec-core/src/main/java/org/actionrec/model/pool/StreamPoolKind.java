package org.actionrec.model.pool;

import java.io.IOException;
import org.actionrec.model.ClipScorer;
import org.actionrec.model.ModelKind;
import org.actionrec.modelfile.ModelArchive;
import org.actionrec.modelfile.ModelManifest;
import org.actionrec.train.ModelRecipe;

/**
 * Paper 000's frozen-feature pool: one linear head per stream on the backbone's keyframe descriptors, scores
 * fused. {@link StreamPoolTrainer} trains it on a split (the frozen job hands it the stored descriptors);
 * explanations are exact CAMs ({@link StreamPoolModel#explanation()}).
 */
public final class StreamPoolKind implements ModelKind {
    public static final String ID = "frozen-svm-pool";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public ModelRecipe.Input input() {
        return ModelRecipe.Input.DESCRIPTORS;
    }

    @Override
    public ClipScorer open(ModelArchive archive) throws IOException {
        return readPool(archive);
    }

    /**
     * The pool inside a model file, for what reads pools only ({@code evaluate} retrains nothing and tests the
     * heads on a split's descriptors).
     *
     * @throws IllegalArgumentException the file holds another kind of model
     */
    public static StreamPoolModel readPool(ModelArchive archive) throws IOException {
        if (!ModelManifest.STREAM_POOL.equals(archive.manifest().kind())) {
            throw new IllegalArgumentException(archive.file() + " holds a trained " + archive.manifest().model()
                    + " model; evaluate reads stream-pool model files (a trained model's test figures are in "
                    + "its manifest and its run's comparison files)");
        }
        return archive.readJson(StreamPoolModel.ENTRY, StreamPoolModel.class);
    }
}
