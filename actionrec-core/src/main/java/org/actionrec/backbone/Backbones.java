package org.actionrec.backbone;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Opens backbones. Typical use:
 * <pre>{@code
 * ModelResolver resolver = new ModelResolver(ModelResolverConfig.of(modelDir, cacheDir));
 * try (Backbone b = Backbones.open(resolver.resolve("resnet50"), BackboneRegistry.standard().require("resnet50"),
 *         BackboneOptions.defaults().withIntraOpThreads(2))) {
 *     float[][] descriptors = b.extract(chwBatch, n);
 * }
 * }</pre>
 */
public final class Backbones {
    private Backbones() {
    }

    /**
     * Loads a resolved model file with the given spec.
     *
     * @param model   the file and its sha256 (see {@link ModelResolver})
     * @param spec    preprocessing and expected descriptor; a file giving another size (e.g. logits) is accepted
     *                and logged, and {@link Backbone#descriptorSize()} reports what it gives
     * @param options engine (or {@code null} for by extension), threads, batch size
     */
    public static Backbone open(ResolvedModel model, BackboneSpec spec, BackboneOptions options) throws BackboneException {
        BackboneEngine engine = options.engine() != null ? options.engine()
                : BackboneEngine.forFile(model.file()).orElseThrow(() -> new BackboneLoadException(
                        "cannot tell the engine of " + model.file() + " from its extension: name the file .onnx (ONNX"
                                + " Runtime) or .pt (TorchScript), or choose the engine explicitly"));
        return DjlBackbone.load(model, spec, options.withEngine(engine));
    }

    /**
     * Resolves {@code reference} (name, path or URL) and loads it; the spec is the registry's entry for a name,
     * else the one the file's name starts with (e.g. {@code resnet50_features.onnx} → resnet50).
     *
     * @throws BackboneLoadException if no spec can be found for a path or URL; use
     *                               {@link #open(ResolvedModel, BackboneSpec, BackboneOptions)} with an explicit spec
     */
    public static Backbone open(String reference, ModelResolver resolver, BackboneRegistry registry,
                                BackboneOptions options) throws BackboneException {
        ResolvedModel model = resolver.resolve(reference, options.engine(), null);
        Optional<BackboneSpec> spec = model.kind() == ResolvedModel.Kind.NAME ? registry.find(reference.trim())
                : Optional.empty();
        if (spec.isEmpty()) {
            spec = registry.forFile(model.file());
        }
        if (spec.isEmpty()) {
            throw new BackboneLoadException("no backbone spec for " + model.file() + " (from '" + reference
                    + "'): its name starts with none of " + registry.names() + "; rename the file or give the spec");
        }
        return open(model, spec.get(), options);
    }

    /** Loads a local file with the spec its name implies, hashing it without the digest memory. */
    public static Backbone open(Path file, BackboneSpec spec, BackboneOptions options) throws BackboneException {
        Path abs = file.toAbsolutePath().normalize();
        String sha;
        try {
            sha = FileDigestCache.computeSha256(abs);
        } catch (IOException e) {
            throw new ModelFileNotFoundException("cannot read model file " + abs + ": " + e, List.of(abs));
        }
        return open(new ResolvedModel(abs, sha, file.toString(), ResolvedModel.Kind.PATH), spec, options);
    }

    /** The native runtime's version for provenance (the ONNX Runtime loaded, not the one DJL was built with). */
    public static String engineVersion(BackboneEngine engine) {
        return DjlBackbone.engineVersion(engine);
    }

    /**
     * Asks a DJL criteria for {@code intraOpThreads} (0: the engine's default), as every model here is run:
     * libtorch has one intra-op pool per process, so this changes it for every PyTorch model; ONNX Runtime's session
     * gets its own, with one inter-op thread, as the graph runs sequentially.
     */
    public static void setThreads(ai.djl.repository.zoo.Criteria.Builder<?, ?> criteria, BackboneEngine engine,
                                  int intraOpThreads) {
        if (intraOpThreads <= 0) return;
        if (engine == BackboneEngine.PYTORCH) {
            ai.djl.pytorch.jni.JniUtils.setNumThreads(intraOpThreads);
        } else {
            // DJL's OrtModel reads these as strings
            criteria.optOption("intraOpNumThreads", Integer.toString(intraOpThreads)).optOption("interOpNumThreads", "1");
        }
    }
}
