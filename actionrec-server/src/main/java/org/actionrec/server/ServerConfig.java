package org.actionrec.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the service listens and what it accepts.
 *
 * @param host           interface to bind; loopback unless the operator says otherwise
 * @param port           TCP port; 0 picks a free one (tests)
 * @param workers        recognitions that run at once (each holds a backbone session)
 * @param queueCapacity  requests that may wait for a worker; beyond them the service answers 503
 * @param maxUploadBytes largest upload accepted (413 above)
 * @param requestTimeout time a request may wait and run; past it the work is stopped and the answer is 503
 * @param token          bearer token every {@code /v1} request must carry; null for none
 * @param allowRoot      folder whose files clients may name by path; null: clients never name server paths
 * @param tempRoot       where the private upload folder is made; null for the system's temporary folder
 * @param allowedHosts   Host names (or {@code name:port}) answered besides the bound address (and, for a loopback
 *                       bind, localhost, 127.0.0.1 and [::1]): a DNS-rebinding page names its own host
 * @param allowedOrigins origins ({@code scheme://host[:port]}) whose pages may POST and DELETE besides the
 *                       service's own
 * @param clients        how long slow or idle connections are kept
 */
public record ServerConfig(String host, int port, int workers, int queueCapacity, long maxUploadBytes,
                           Duration requestTimeout, String token, Path allowRoot, Path tempRoot,
                           List<String> allowedHosts, List<String> allowedOrigins, ClientLimits clients) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    /** DJL Serving's default upload limit: ordinary videos fit, where TorchServe's 6.5 MB does not. */
    public static final long DEFAULT_MAX_UPLOAD = 64L * 1024 * 1024;

    /**
     * Limits on slow clients, after which their connection is closed.
     *
     * @param idleTimeout       a connection that sends nothing for this long (between or within requests)
     * @param headerTimeout     a request whose line and headers have not all arrived this long after its first byte
     * @param minBytesPerSecond a body that arrives slower than this on average (Jetty answers 408)
     */
    public record ClientLimits(Duration idleTimeout, Duration headerTimeout, long minBytesPerSecond) {
        /** 30 s idle, 10 s for the headers, bodies at 1 KiB/s at least (a 64 MiB upload in under 18 hours). */
        public static final ClientLimits DEFAULTS = new ClientLimits(Duration.ofSeconds(30), Duration.ofSeconds(10),
                1024);

        public ClientLimits {
            if (!positive(idleTimeout) || !positive(headerTimeout)) {
                throw new IllegalArgumentException("the idle and header timeouts must be positive");
            }
            if (minBytesPerSecond < 0) throw new IllegalArgumentException("the minimum data rate must be >= 0");
        }
    }

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(clients, "clients");
        allowedHosts = List.copyOf(allowedHosts);
        allowedOrigins = List.copyOf(allowedOrigins);
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535, was " + port);
        if (workers < 1) throw new IllegalArgumentException("workers must be at least 1, was " + workers);
        if (queueCapacity < 1) throw new IllegalArgumentException("queue capacity must be at least 1, was " + queueCapacity);
        if (maxUploadBytes < 1) throw new IllegalArgumentException("max upload must be positive, was " + maxUploadBytes);
        if (!positive(requestTimeout)) {
            throw new IllegalArgumentException("request timeout must be positive, was " + requestTimeout);
        }
        if (token != null && token.isBlank()) throw new IllegalArgumentException("the token is blank");
        for (String o : allowedOrigins) {
            if (!o.matches("(?i)https?://[^/\\s]+")) {
                throw new IllegalArgumentException("an allowed origin is scheme://host[:port], was '" + o + "'");
            }
        }
    }

    private static boolean positive(Duration d) {
        return d != null && !d.isNegative() && !d.isZero();
    }

    /** Loopback, port 8080, one worker per core pair, 16 waiting, 64 MiB, 120 s, no token, no server paths. */
    public static ServerConfig defaults() {
        return new ServerConfig(DEFAULT_HOST, DEFAULT_PORT, Math.max(1, Runtime.getRuntime().availableProcessors() / 2),
                16, DEFAULT_MAX_UPLOAD, Duration.ofSeconds(120), null, null, null, List.of(), List.of(),
                ClientLimits.DEFAULTS);
    }

    public ServerConfig withPort(int p) {
        return new ServerConfig(host, p, workers, queueCapacity, maxUploadBytes, requestTimeout, token, allowRoot,
                tempRoot, allowedHosts, allowedOrigins, clients);
    }

    public ServerConfig withWorkers(int w, int queue) {
        return new ServerConfig(host, port, w, queue, maxUploadBytes, requestTimeout, token, allowRoot, tempRoot,
                allowedHosts, allowedOrigins, clients);
    }

    public ServerConfig withMaxUpload(long bytes) {
        return new ServerConfig(host, port, workers, queueCapacity, bytes, requestTimeout, token, allowRoot, tempRoot,
                allowedHosts, allowedOrigins, clients);
    }

    public ServerConfig withRequestTimeout(Duration d) {
        return new ServerConfig(host, port, workers, queueCapacity, maxUploadBytes, d, token, allowRoot, tempRoot,
                allowedHosts, allowedOrigins, clients);
    }

    public ServerConfig withToken(String t) {
        return new ServerConfig(host, port, workers, queueCapacity, maxUploadBytes, requestTimeout, t, allowRoot,
                tempRoot, allowedHosts, allowedOrigins, clients);
    }

    public ServerConfig withAllowRoot(Path root) {
        return new ServerConfig(host, port, workers, queueCapacity, maxUploadBytes, requestTimeout, token, root,
                tempRoot, allowedHosts, allowedOrigins, clients);
    }

    public ServerConfig withTempRoot(Path root) {
        return new ServerConfig(host, port, workers, queueCapacity, maxUploadBytes, requestTimeout, token, allowRoot,
                root, allowedHosts, allowedOrigins, clients);
    }

    /** Hosts and origins allowed besides the service's own. */
    public ServerConfig withAllowed(List<String> hosts, List<String> origins) {
        return new ServerConfig(host, port, workers, queueCapacity, maxUploadBytes, requestTimeout, token, allowRoot,
                tempRoot, hosts, origins, clients);
    }

    public ServerConfig withClientLimits(ClientLimits limits) {
        return new ServerConfig(host, port, workers, queueCapacity, maxUploadBytes, requestTimeout, token, allowRoot,
                tempRoot, allowedHosts, allowedOrigins, limits);
    }
}
