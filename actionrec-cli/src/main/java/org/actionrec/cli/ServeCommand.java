package org.actionrec.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.actionrec.RecognizerOptions;
import org.actionrec.server.ActionRecServer;
import org.actionrec.server.ModelCatalog;
import org.actionrec.server.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "serve", description = "Serve model files over HTTP: a REST API (POST /v1/models/{name}/predict, "
        + "GET /v1/models, /health/live, /health/ready, /metrics, /openapi.json) and a web page at /. Listens on "
        + "127.0.0.1 unless --host says otherwise; Ctrl-C stops it gracefully.")
final class ServeCommand implements Callable<Integer> {
    @Option(names = {"-m", "--model"}, required = true, paramLabel = "[NAME=]FILE", description = "a model file to "
            + "serve, repeatable; served as NAME, else as its file name without .actionrec (model for "
            + "out/model.actionrec)")
    List<String> models;

    @Mixin
    BackboneSource backbone;

    @Option(names = "--host", defaultValue = ServerConfig.DEFAULT_HOST, description = "interface to listen on "
            + "(default ${DEFAULT-VALUE}; 0.0.0.0 for every interface)")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "TCP port (default ${DEFAULT-VALUE}; 0 picks one)")
    int port;

    @Option(names = "--workers", description = "videos recognised at once, each with its own backbone session "
            + "(default: half the cores, at least 1)")
    Integer workers;

    @Option(names = "--queue", defaultValue = "16", description = "requests that may wait for a worker; beyond "
            + "them the answer is 503 with Retry-After (default ${DEFAULT-VALUE})")
    int queue;

    @Option(names = "--max-upload", defaultValue = "64MiB", description = "largest upload, e.g. 64MiB, 200MB, "
            + "1GiB (default ${DEFAULT-VALUE}); larger ones get 413")
    String maxUpload;

    @Option(names = "--timeout", defaultValue = "120", description = "seconds a request may wait and run; past it "
            + "the work is stopped and the answer is 503 (default ${DEFAULT-VALUE}; timeline jobs have no limit)")
    int timeoutSeconds;

    @Option(names = "--allowed-host", paramLabel = "HOST[:PORT]", description = "a Host the service answers besides "
            + "the address it is bound to (and localhost, 127.0.0.1, [::1] on loopback), repeatable: the name a "
            + "reverse proxy or a DNS name gives it")
    List<String> allowedHosts = List.of();

    @Option(names = "--allowed-origin", paramLabel = "URL", description = "an origin (scheme://host[:port]) whose web "
            + "pages may POST and DELETE besides the service's own page, repeatable")
    List<String> allowedOrigins = List.of();

    @Option(names = "--idle-timeout", defaultValue = "30", description = "seconds a connection may send nothing "
            + "before it is closed (default ${DEFAULT-VALUE})")
    int idleSeconds;

    @Option(names = "--header-timeout", defaultValue = "10", description = "seconds a request's line and headers may "
            + "take to arrive before its connection is closed (default ${DEFAULT-VALUE})")
    int headerSeconds;

    @Option(names = "--token-file", description = "file holding a bearer token that every /v1 request must send")
    Path tokenFile;

    @Option(names = "--allow-root", description = "folder whose files clients may name by ?path= instead of "
            + "uploading (default: clients never name server paths)")
    Path allowRoot;

    @Option(names = "--temp-dir", description = "where the private upload folder is made (default: the system's)")
    Path tempDir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        int cores = Runtime.getRuntime().availableProcessors();
        int w = workers == null ? Math.max(1, cores / 2) : workers;
        if (w < 1) throw new ParameterException(spec.commandLine(), "--workers must be at least 1");
        String token = null;
        if (tokenFile != null) {
            token = Files.readString(tokenFile).trim();
            if (token.isEmpty()) throw new ParameterException(spec.commandLine(), tokenFile + " holds no token");
        }
        if (timeoutSeconds < 1 || idleSeconds < 1 || headerSeconds < 1) {
            throw new ParameterException(spec.commandLine(), "--timeout, --idle-timeout and --header-timeout must be "
                    + "at least 1 second");
        }
        ServerConfig config;
        try {
            config = new ServerConfig(host, port, w, queue, parseSize(maxUpload), Duration.ofSeconds(timeoutSeconds),
                    token, allowRoot, tempDir, allowedHosts, allowedOrigins, new ServerConfig.ClientLimits(
                    Duration.ofSeconds(idleSeconds), Duration.ofSeconds(headerSeconds),
                    ServerConfig.ClientLimits.DEFAULTS.minBytesPerSecond()));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        RecognizerOptions options = backbone.options().withSessions(w, Math.max(1, cores / w));
        CountDownLatch stopped = new CountDownLatch(1);
        try (ModelCatalog catalog = ModelCatalog.open(named(models), options)) {
            ActionRecServer server = ActionRecServer.start(config, catalog);
            // the hook closes the models too: once the hooks end the JVM halts, and the main thread's close of
            // the catalog would race it, leaving each model's unpacked folder behind
            Thread hook = new Thread(() -> {
                server.stop(Duration.ofSeconds(30));
                catalog.close();
                stopped.countDown();
            }, "actionrec-serve-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            out.printf("serving %s on http://%s:%d/ (%d worker%s, upload limit %s)%n",
                    String.join(", ", catalog.all().stream().map(ModelCatalog.Entry::name).toList()), host,
                    server.port(), w, w == 1 ? "" : "s", maxUpload);
            out.flush();
            stopped.await();
        }
        return 0;
    }

    /** NAME=FILE or FILE, in the order given. */
    private Map<String, Path> named(List<String> specs) {
        Map<String, Path> named = new LinkedHashMap<>();
        for (String s : specs) {
            int eq = s.indexOf('=');
            Path file = Path.of(eq > 0 ? s.substring(eq + 1) : s);
            String name = eq > 0 ? s.substring(0, eq) : ModelCatalog.defaultName(file);
            if (named.put(name, file) != null) {
                throw new ParameterException(spec.commandLine(), "two models would be served as '" + name
                        + "'; name them with NAME=FILE");
            }
        }
        return named;
    }

    /** 64MiB, 200MB, 1GiB, 5000000: bytes. */
    static long parseSize(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        String[][] units = {{"gib", "1073741824"}, {"mib", "1048576"}, {"kib", "1024"}, {"gb", "1000000000"},
                {"mb", "1000000"}, {"kb", "1000"}, {"b", "1"}};
        for (String[] u : units) {
            if (t.endsWith(u[0])) {
                return Math.round(Double.parseDouble(t.substring(0, t.length() - u[0].length()).trim())
                        * Long.parseLong(u[1]));
            }
        }
        return Long.parseLong(t);
    }
}
