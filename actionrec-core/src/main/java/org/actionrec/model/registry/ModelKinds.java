package org.actionrec.model.registry;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.actionrec.model.ModelKind;
import org.actionrec.model.TrainableKind;
import org.actionrec.model.c3d.C3dSmallKind;
import org.actionrec.model.finetune.FineTuneKind;
import org.actionrec.model.finetune.NbtlKind;
import org.actionrec.model.pool.StreamPoolKind;
import org.actionrec.model.sequence.DescriptorSequenceKind;
import org.actionrec.model.temporalconv.TemporalConvKind;
import org.actionrec.modelfile.ModelArchive;
import org.actionrec.modelfile.ModelFileException;
import org.actionrec.modelfile.ModelManifest;

/**
 * Every kind of model, found by id (mmaction2's {@code MODELS.build}): the facade, the explainer, the jobs and the
 * commands ask here. Adding a kind is its package and one line in {@link #ALL}.
 */
public final class ModelKinds {
    private static final List<ModelKind> ALL = List.of(
            new StreamPoolKind(),
            new FineTuneKind(),
            new NbtlKind(),
            DescriptorSequenceKind.lateFusion(),
            DescriptorSequenceKind.lrcn(),
            new TemporalConvKind(),
            new C3dSmallKind());

    private ModelKinds() {
    }

    /** Every kind, the pool first. */
    public static List<ModelKind> all() {
        return ALL;
    }

    /** The kinds that {@code train} and {@code compare} train, in the order they list them. */
    public static List<TrainableKind> trainable() {
        return ALL.stream().filter(TrainableKind.class::isInstance).map(TrainableKind.class::cast).toList();
    }

    /** The ids of {@link #trainable()}. */
    public static List<String> trainableIds() {
        return trainable().stream().map(ModelKind::id).toList();
    }

    public static Optional<ModelKind> find(String id) {
        String key = id == null ? "" : id.toLowerCase(Locale.ROOT);
        return ALL.stream().filter(k -> k.id().equals(key)).findFirst();
    }

    /** A kind that trains, by id (case-insensitive). */
    public static TrainableKind trainable(String id) {
        return find(id).filter(TrainableKind.class::isInstance).map(TrainableKind.class::cast).orElseThrow(() ->
                new IllegalArgumentException("unknown model '" + id + "', known: " + trainableIds()));
    }

    /** The kind of the model inside an opened model file. */
    public static ModelKind of(ModelArchive archive) throws ModelFileException {
        String id = archive.manifest().model();
        if (ModelManifest.STREAM_POOL.equals(archive.manifest().kind())) {
            // a pool is a pool whatever its file calls the model (Spark's MLlib heads, earlier files)
            return find(StreamPoolKind.ID).orElseThrow();
        }
        return find(id).orElseThrow(() -> new ModelFileException(archive.file(), "holds a model of kind '" + id
                + "' that this version does not know (it knows " + ALL.stream().map(ModelKind::id).toList() + ")"));
    }
}
