package org.actionrec.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the service listens and what it accepts.
 *
 * @param host           interface to bind; loopback unless the operator says otherwise
 * @param port           TCP port; 0 picks a free one (tests)
 * @param workers        recognitions that run at once (each holds a backbone session)
 * @param queueCapacity  requests that may wait for a worker; beyond them the service answers 503
 * @param maxUploadBytes largest upload accepted (413 above)
 * @param requestTimeout time a request may wait and run before it is answered 503
 * @param token          bearer token every {@code /v1} request must carry; null for none
 * @param allowRoot      folder whose files clients may name by path; null: clients never name server paths
 * @param tempRoot       where the private upload folder is made; null for the system's temporary folder
 */
public record ServerConfig(String host, int port, int workers, int queueCapacity, long maxUploadBytes,
                           Duration requestTimeout, String token, Path allowRoot, Path tempRoot) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    /** DJL Serving's default upload limit: ordinary videos fit, where TorchServe's 6.5 MB does not. */
    public static final long DEFAULT_MAX_UPLOAD = 64L * 1024 * 1024;

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535, was " + port);
        if (workers < 1) throw new IllegalArgumentException("workers must be at least 1, was " + workers);
        if (queueCapacity < 1) throw new IllegalArgumentException("queue capacity must be at least 1, was " + queueCapacity);
        if (maxUploadBytes < 1) throw new IllegalArgumentException("max upload must be positive, was " + maxUploadBytes);
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("request timeout must be positive, was " + requestTimeout);
        }
        if (token != null && token.isBlank()) throw new IllegalArgumentException("the token is blank");
    }

    /** Loopback, port 8080, one worker per core, 16 waiting, 64 MiB, 120 s, no token, no server paths. */
    public static ServerConfig defaults() {
        return new ServerConfig(DEFAULT_HOST, DEFAULT_PORT, Math.max(1, Runtime.getRuntime().availableProcessors() / 2),
                16, DEFAULT_MAX_UPLOAD, Duration.ofSeconds(120), null, null, null);
    }

    public ServerConfig withPort(int p) {
        return new ServerConfig(host, p, workers, queueCapacity, maxUploadBytes, requestTimeout, token, allowRoot, tempRoot);
    }

    public ServerConfig withWorkers(int w, int queue) {
        return new ServerConfig(host, port, w, queue, maxUploadBytes, requestTimeout, token, allowRoot, tempRoot);
    }

    public ServerConfig withMaxUpload(long bytes) {
        return new ServerConfig(host, port, workers, queueCapacity, bytes, requestTimeout, token, allowRoot, tempRoot);
    }

    public ServerConfig withRequestTimeout(Duration d) {
        return new ServerConfig(host, port, workers, queueCapacity, maxUploadBytes, d, token, allowRoot, tempRoot);
    }

    public ServerConfig withToken(String t) {
        return new ServerConfig(host, port, workers, queueCapacity, maxUploadBytes, requestTimeout, t, allowRoot, tempRoot);
    }

    public ServerConfig withAllowRoot(Path root) {
        return new ServerConfig(host, port, workers, queueCapacity, maxUploadBytes, requestTimeout, token, root, tempRoot);
    }

    public ServerConfig withTempRoot(Path root) {
        return new ServerConfig(host, port, workers, queueCapacity, maxUploadBytes, requestTimeout, token, allowRoot, root);
    }
}
