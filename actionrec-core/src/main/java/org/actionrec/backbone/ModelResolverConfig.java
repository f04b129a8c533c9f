package org.actionrec.backbone;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where {@link ModelResolver} looks for models and keeps downloads.
 *
 * @param modelDir      the folder searched when a backbone is asked for by name
 * @param cacheDir      the folder downloads and the digest memory go into
 * @param allowDownload whether http/https URLs may be fetched; off by default (offline), so nothing is
 *                      downloaded unless the user asks
 * @param timeout       connect and read timeout for downloads
 */
public record ModelResolverConfig(Path modelDir, Path cacheDir, boolean allowDownload, Duration timeout) {

    public ModelResolverConfig {
        Objects.requireNonNull(modelDir, "modelDir");
        Objects.requireNonNull(cacheDir, "cacheDir");
        Objects.requireNonNull(timeout, "timeout");
        modelDir = modelDir.toAbsolutePath().normalize();
        cacheDir = cacheDir.toAbsolutePath().normalize();
    }

    /** Models in {@code modelDir}, downloads in {@code cacheDir}, offline, 60 s timeout. */
    public static ModelResolverConfig of(Path modelDir, Path cacheDir) {
        return new ModelResolverConfig(modelDir, cacheDir, false, Duration.ofSeconds(60));
    }

    /** {@code ~/.actionrec/models} and {@code ~/.actionrec/cache}, offline. */
    public static ModelResolverConfig inUserHome() {
        Path home = Path.of(System.getProperty("user.home"), ".actionrec");
        return of(home.resolve("models"), home.resolve("cache"));
    }

    public ModelResolverConfig withModelDir(Path dir) {
        return new ModelResolverConfig(dir, cacheDir, allowDownload, timeout);
    }

    public ModelResolverConfig withCacheDir(Path dir) {
        return new ModelResolverConfig(modelDir, dir, allowDownload, timeout);
    }

    public ModelResolverConfig withAllowDownload(boolean allow) {
        return new ModelResolverConfig(modelDir, cacheDir, allow, timeout);
    }

    public ModelResolverConfig withTimeout(Duration t) {
        return new ModelResolverConfig(modelDir, cacheDir, allowDownload, t);
    }
}
