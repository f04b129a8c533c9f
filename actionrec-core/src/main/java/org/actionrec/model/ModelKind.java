package org.actionrec.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.actionrec.backbone.Backbone;
import org.actionrec.backbone.BackboneException;
import org.actionrec.backbone.BackboneOptions;
import org.actionrec.backbone.BackboneSpec;
import org.actionrec.backbone.Backbones;
import org.actionrec.backbone.PixelBackbone;
import org.actionrec.modelfile.ModelArchive;
import org.actionrec.modelfile.ModelManifest;
import org.actionrec.train.ModelRecipe;

/**
 * A kind of model as one plugin: its id (the {@code model} a model file names), what it reads, how the backbone
 * that makes its input opens, and how it opens from a model file into a {@link ClipScorer}, which scores clips
 * and says how its scores are explained ({@link ClipScorer#explanation()}). Kinds that train on a split's
 * samples are {@link TrainableKind}s. {@link ModelKinds} finds kinds by id; nothing else dispatches on one.
 */
public interface ModelKind {
    /** The id a model file records as its {@code model} and the commands take, e.g. {@code lrcn}. */
    String id();

    /** What each frame becomes before the model: backbone descriptors, pooled conv maps or pixels. */
    ModelRecipe.Input input();

    /**
     * The backbone session that makes this kind's input from a backbone file (the one the model file names, or
     * the one the user passes), e.g. a conv-map file pooled to a grid for temporal-conv.
     */
    default Backbone openBackbone(Path file, BackboneSpec spec, BackboneOptions engine) throws BackboneException {
        return Backbones.open(file, spec, engine);
    }

    /**
     * Where the input needs no backbone file (pixels: the normalised image itself, named by the model file's key),
     * that backbone; empty where a file makes the input. A model that learnt from pixels carries its network.
     */
    default Optional<Backbone> builtInBackbone(ModelManifest.BackboneRef named) {
        if (input() != ModelRecipe.Input.PIXELS) return Optional.empty();
        return PixelBackbone.forKey(named.sha256()).map(Backbone.class::cast);
    }

    /** Opens the model inside an opened model file into what scores clips. */
    ClipScorer open(ModelArchive archive) throws IOException;
}
