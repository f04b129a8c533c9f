package org.actionrec.backbone;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what the user names a model by into a local file and its sha256:
 * <ul>
 *   <li>a path to an existing file is used as is;</li>
 *   <li>a name (e.g. {@code resnet50}) is looked up in the model directory as {@code <stem>.onnx} then
 *       {@code <stem>.pt}, directly in it or in a sub-folder named after the backbone, where the stem is the
 *       registry's (e.g. {@code resnet50_features}) or {@code <name>_features} for names it does not know;</li>
 *   <li>a URL ({@code http}, {@code https}, {@code file}) is fetched once into the cache folder and reused from
 *       there. {@code http(s)} is fetched only when {@link ModelResolverConfig#allowDownload()} is on;
 *       {@code file:} URLs touch no network and are always copied.</li>
 * </ul>
 * The file's sha256 is always computed (for provenance), remembered by path, size and mtime in
 * {@code <cacheDir>/sha256-digests.tsv}; an expected sha256, when given, must match.
 * Safe to use from several threads, except that two threads fetching the same URL both download it.
 */
public final class ModelResolver {
    private static final Logger LOG = LoggerFactory.getLogger(ModelResolver.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final ModelResolverConfig config;
    private final BackboneRegistry registry;
    private final FileDigestCache digests;

    public ModelResolver(ModelResolverConfig config) {
        this(config, BackboneRegistry.standard());
    }

    public ModelResolver(ModelResolverConfig config, BackboneRegistry registry) {
        this.config = config;
        this.registry = registry;
        this.digests = new FileDigestCache(config.cacheDir().resolve("sha256-digests.tsv"));
    }

    public ModelResolverConfig config() {
        return config;
    }

    /** Resolves a name, path or URL with no expected digest and either engine's file. */
    public ResolvedModel resolve(String reference) throws BackboneException {
        return resolve(reference, null, null);
    }

    /**
     * Resolves a name, path or URL to a local file.
     *
     * @param reference      a backbone name, a file path, or an http/https/file URL
     * @param engine         for a name, look only for this engine's file; {@code null} tries ONNX then TorchScript
     * @param expectedSha256 hex sha256 the file must have (optionally prefixed {@code sha256:}), or {@code null}
     * @throws ModelFileNotFoundException no such file; the message says where to put it
     * @throws ModelDownloadException     a URL could not be fetched, or downloads are off
     * @throws ChecksumMismatchException  the file's sha256 is not the expected one
     */
    public ResolvedModel resolve(String reference, BackboneEngine engine, String expectedSha256)
            throws BackboneException {
        String ref = reference == null ? "" : reference.trim();
        if (ref.isEmpty()) {
            throw new IllegalArgumentException("empty model reference: give a backbone name, a file path or a URL");
        }
        String expected = normaliseSha256(expectedSha256);
        URI uri = asUrl(ref);
        if (uri != null) {
            return resolveUrl(ref, uri, expected);
        }
        Path path = asExistingFile(ref);
        if (path != null) {
            return verified(path, ref, ResolvedModel.Kind.PATH, expected, path.toString());
        }
        if (looksLikePath(ref)) {
            Path abs = Path.of(ref).toAbsolutePath().normalize();
            throw new ModelFileNotFoundException("model file not found: " + abs
                    + (Files.isDirectory(abs) ? " is a folder; give the .onnx or .pt file inside it" : "")
                    + " (from '" + ref + "')", List.of(abs));
        }
        return resolveName(ref, engine, expected);
    }

    /** The sha256 of a file, remembered between runs by path, size and mtime. */
    public String sha256(Path file) throws IOException {
        return digests.sha256(file);
    }

    /** True for references this resolver reads as URLs (http, https, file). */
    public static boolean isUrl(String reference) {
        return asUrl(reference.trim()) != null;
    }

    private ResolvedModel resolveName(String name, BackboneEngine engine, String expected) throws BackboneException {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is neither an existing file, a URL, nor a backbone name"
                    + " (letters, digits, '_', '-', '.')");
        }
        String stem = registry.find(name).map(BackboneSpec::fileStem).orElse(name + "_features");
        List<String> fileNames = new ArrayList<>();
        for (BackboneEngine e : new BackboneEngine[] {BackboneEngine.ONNX_RUNTIME, BackboneEngine.PYTORCH}) {
            if (engine == null || engine == e) {
                fileNames.add(stem + e.extension());
            }
        }
        Path dir = config.modelDir();
        List<Path> candidates = new ArrayList<>();
        for (Path folder : List.of(dir, dir.resolve(name))) {
            for (String f : fileNames) {
                candidates.add(folder.resolve(f));
            }
        }
        for (Path c : candidates) {
            if (Files.isRegularFile(c)) {
                LOG.debug("backbone '{}' resolved to {}", name, c);
                return verified(c, name, ResolvedModel.Kind.NAME, expected, c.toString());
            }
        }
        String known = registry.find(name).isPresent() ? ""
                : " ('" + name + "' is not a registered backbone; registered: " + String.join(", ", registry.names()) + ")";
        throw new ModelFileNotFoundException("no model file for backbone '" + name + "'" + known + ". Put "
                + String.join(" or ", fileNames) + " into the model directory " + dir + " (or into " + dir.resolve(name)
                + "), choose another model directory, or pass the model file's path (a .onnx or .pt file) or URL"
                + " instead of the name. Looked for: " + candidates, candidates);
    }

    private ResolvedModel resolveUrl(String ref, URI uri, String expected) throws BackboneException {
        Path target = cachedFileFor(uri);
        if (Files.isRegularFile(target)) {
            LOG.debug("{} found in the download cache at {}", ref, target);
            return verified(target, ref, ResolvedModel.Kind.URL, expected,
                    target + " (cached copy of " + ref + "; delete it to fetch again)");
        }
        boolean network = !"file".equalsIgnoreCase(uri.getScheme());
        if (network && !config.allowDownload()) {
            throw new ModelDownloadException("downloads are off (offline mode): " + ref + " is not in the model cache "
                    + target.getParent() + ". Allow downloads to fetch it, or download it yourself and pass the"
                    + " file's path.");
        }
        String sha = fetch(uri, ref, target, expected);
        return new ResolvedModel(target, sha, ref, ResolvedModel.Kind.URL);
    }

    /** Downloads into a temporary file beside the target, hashing on the way, and moves it into place if good. */
    private String fetch(URI uri, String ref, Path target, String expected) throws BackboneException {
        Path dir = target.getParent();
        Path part = null;
        long start = System.nanoTime();
        try {
            Files.createDirectories(dir);
            part = Files.createTempFile(dir, target.getFileName().toString(), ".part");
            LOG.info("fetching {} into {}", ref, target);
            MessageDigest md = FileDigestCache.newSha256();
            long bytes;
            try (InputStream raw = open(uri, ref); InputStream in = new DigestInputStream(raw, md);
                 OutputStream out = Files.newOutputStream(part)) {
                bytes = in.transferTo(out);
            }
            String actual = HexFormat.of().formatHex(md.digest());
            if (expected != null && !expected.equals(actual)) {
                throw new ChecksumMismatchException(ref, expected, actual);
            }
            moveIntoPlace(part, target);
            part = null;
            digests.remember(target, actual);
            LOG.info("fetched {} ({} bytes, sha256 {}) in {} ms", ref, bytes, actual,
                    (System.nanoTime() - start) / 1_000_000);
            return actual;
        } catch (IOException e) {
            throw new ModelDownloadException("could not fetch " + ref + " into " + target + ": " + e, e);
        } finally {
            if (part != null) {
                try {
                    Files.deleteIfExists(part);
                } catch (IOException e) {
                    LOG.warn("could not delete the partial download {}: {}", part, e.toString());
                }
            }
        }
    }

    private InputStream open(URI uri, String ref) throws IOException, BackboneException {
        if ("file".equalsIgnoreCase(uri.getScheme())) {
            Path source = Path.of(uri);
            if (!Files.isRegularFile(source)) {
                throw new ModelFileNotFoundException("model file not found: " + source + " (from URL " + ref + ")",
                        List.of(source));
            }
            return Files.newInputStream(source);
        }
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(config.timeout()).build();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(config.timeout()).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelDownloadException("interrupted while fetching " + ref, e);
        }
        if (response.statusCode() != 200) {
            response.body().close();
            throw new ModelDownloadException("could not fetch " + ref + ": HTTP status " + response.statusCode());
        }
        return response.body();
    }

    private static void moveIntoPlace(Path part, Path target) throws IOException {
        try {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private ResolvedModel verified(Path file, String ref, ResolvedModel.Kind kind, String expected, String describe)
            throws BackboneException {
        Path abs = file.toAbsolutePath().normalize();
        String actual;
        try {
            actual = digests.sha256(abs);
        } catch (IOException e) {
            throw new ModelFileNotFoundException("cannot read model file " + abs + ": " + e, List.of(abs));
        }
        if (expected != null && !expected.equals(actual)) {
            throw new ChecksumMismatchException(describe, expected, actual);
        }
        return new ResolvedModel(abs, actual, ref, kind);
    }

    /** Downloads live in {@code <cache>/downloads/<16 hex of the URL's sha256>/<file name>}: one folder per URL. */
    private Path cachedFileFor(URI uri) {
        String url = uri.toString();
        String urlHash = HexFormat.of().formatHex(FileDigestCache.newSha256().digest(url.getBytes(StandardCharsets.UTF_8)))
                .substring(0, 16);
        String path = uri.getPath() == null ? "" : uri.getPath();
        String last = path.substring(path.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "_");
        if (last.isEmpty() || last.startsWith(".")) {
            last = "model" + last;
        }
        return config.cacheDir().resolve("downloads").resolve(urlHash).resolve(last);
    }

    private static URI asUrl(String ref) {
        int colon = ref.indexOf(':');
        if (colon < 2) {
            return null; // no scheme, or a Windows drive letter
        }
        String scheme = ref.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("file")) {
            return null;
        }
        try {
            return new URI(ref);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("malformed model URL '" + ref + "': " + e.getMessage(), e);
        }
    }

    private static Path asExistingFile(String ref) {
        try {
            Path p = Path.of(ref);
            return Files.isRegularFile(p) ? p.toAbsolutePath().normalize() : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static boolean looksLikePath(String ref) {
        String lower = ref.toLowerCase(Locale.ROOT);
        return ref.contains("/") || ref.contains("\\") || lower.endsWith(".onnx") || lower.endsWith(".pt")
                || lower.endsWith(".pth") || lower.endsWith(".torchscript");
    }

    private static String normaliseSha256(String sha) {
        if (sha == null || sha.isBlank()) {
            return null;
        }
        String s = sha.trim().toLowerCase(Locale.ROOT);
        if (s.startsWith("sha256:")) {
            s = s.substring("sha256:".length());
        }
        if (!SHA256.matcher(s).matches()) {
            throw new IllegalArgumentException("expected sha256 must be 64 hex digits, got '" + sha + "'");
        }
        return s;
    }
}
