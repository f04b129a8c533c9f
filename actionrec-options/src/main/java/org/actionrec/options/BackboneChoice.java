package org.actionrec.options;

import java.nio.file.Path;
import org.actionrec.backbone.Backbone;
import org.actionrec.backbone.BackboneException;
import org.actionrec.backbone.BackboneRegistry;
import org.actionrec.backbone.Backbones;
import org.actionrec.backbone.ModelResolver;
import org.actionrec.backbone.ModelResolverConfig;
import picocli.CommandLine.Option;

/** Options that choose and open a backbone: the extraction commands' and {@code spark run}'s. */
public final class BackboneChoice {
    @Option(names = {"-b", "--backbone"}, required = true,
            description = "backbone: a file (.onnx or TorchScript .pt), a registry name (mobilenet_v2, resnet50, ...) "
                    + "looked up in --model-dir, or an http(s)/file URL")
    String backbone;

    @Option(names = "--model-dir", description = "folder of backbone files (default ~/.actionrec/models)")
    Path modelDir;

    @Option(names = "--sha256", description = "expected sha256 of the backbone file")
    String sha256;

    @Option(names = "--allow-download", description = "allow fetching a backbone given by http(s) URL")
    boolean allowDownload;

    @Option(names = "--threads", defaultValue = "1", description = "threads per backbone session (default ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--sessions", defaultValue = "2",
            description = "backbone sessions run side by side during extraction (default ${DEFAULT-VALUE}: two one-thread "
                    + "sessions use two cores better than one two-thread session next to decoding and optical flow)")
    int sessions;

    @Option(names = "--batch", defaultValue = "5", description = "images per forward pass (default ${DEFAULT-VALUE})")
    int batch;

    /** {@code --sessions}: backbone sessions side by side. */
    public int sessions() {
        return sessions;
    }

    /** {@code --threads}: threads per session. */
    public int threads() {
        return threads;
    }

    /** {@code --batch}: images per forward pass. */
    public int batch() {
        return batch;
    }

    /** {@code --sessions} sessions of the backbone; closing the list closes them all. */
    public Sessions openSessions() throws BackboneException {
        Sessions list = new Sessions();
        try {
            for (int i = 0; i < Math.max(1, sessions); i++) {
                list.add(open());
            }
        } catch (BackboneException | RuntimeException e) {
            list.close();
            throw e;
        }
        return list;
    }

    public static final class Sessions extends java.util.ArrayList<Backbone> implements AutoCloseable {
        @Override
        public void close() {
            forEach(Backbone::close);
        }
    }

    public Backbone open() throws BackboneException {
        ModelResolverConfig config = ModelResolverConfig.inUserHome();
        if (modelDir != null) {
            config = config.withModelDir(modelDir);
        }
        config = config.withAllowDownload(allowDownload);
        ModelResolver resolver = new ModelResolver(config);
        var resolved = resolver.resolve(backbone, null, sha256);
        BackboneRegistry registry = BackboneRegistry.standard();
        var spec = registry.forFile(resolved.file()).orElseGet(() -> registry.require(backbone));
        return Backbones.open(resolved, spec, org.actionrec.backbone.BackboneOptions.defaults()
                .withIntraOpThreads(threads).withPreferredBatchSize(batch));
    }
}
