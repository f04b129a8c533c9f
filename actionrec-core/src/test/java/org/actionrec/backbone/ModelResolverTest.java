package org.actionrec.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

/** Names, paths and URLs to files with digests; the only network is a server on 127.0.0.1 made here. */
class ModelResolverTest {
    private static final byte[] CONTENT = "not really a model, but bytes with a known digest\n".getBytes(StandardCharsets.UTF_8);
    private static final String CONTENT_SHA = sha(CONTENT);
    private static final String OTHER_SHA = "0".repeat(64);

    @TempDir
    Path tmp;

    private Path models;
    private Path cache;
    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void folders() throws IOException {
        models = Files.createDirectories(tmp.resolve("models"));
        cache = tmp.resolve("cache");
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    private ModelResolver resolver(boolean allowDownload) {
        return new ModelResolver(ModelResolverConfig.of(models, cache).withAllowDownload(allowDownload));
    }

    @Test
    void aPathIsUsedAsIsWithItsDigest() throws Exception {
        Path file = Files.write(tmp.resolve("my_net.onnx"), CONTENT);
        ResolvedModel m = resolver(false).resolve(file.toString());
        assertThat(m.file()).isEqualTo(file.toAbsolutePath());
        assertThat(m.sha256()).isEqualTo(CONTENT_SHA);
        assertThat(m.kind()).isEqualTo(ResolvedModel.Kind.PATH);
        assertThat(resolver(false).resolve(file.toString(), null, "SHA256:" + CONTENT_SHA.toUpperCase()).sha256())
                .isEqualTo(CONTENT_SHA);
    }

    @Test
    void aNameIsFoundInTheModelFolderOnnxFirstOrInItsSubfolder() throws Exception {
        Files.write(models.resolve("resnet50_features.pt"), CONTENT);
        Files.write(models.resolve("resnet50_features.onnx"), CONTENT);
        Files.createDirectories(models.resolve("vgg16"));
        Files.write(models.resolve("vgg16").resolve("vgg16_features.pt"), CONTENT);
        ModelResolver r = resolver(false);

        assertThat(r.resolve("resnet50").file()).isEqualTo(models.resolve("resnet50_features.onnx"));
        assertThat(r.resolve("resnet50", BackboneEngine.PYTORCH, null).file())
                .isEqualTo(models.resolve("resnet50_features.pt"));
        ResolvedModel vgg = r.resolve("vgg16");
        assertThat(vgg.file()).isEqualTo(models.resolve("vgg16/vgg16_features.pt"));
        assertThat(vgg.kind()).isEqualTo(ResolvedModel.Kind.NAME);
        assertThat(vgg.reference()).isEqualTo("vgg16");
    }

    @Test
    void aMissingModelSaysWhereToPutItAndHowToPassAPath() {
        assertThatThrownBy(() -> resolver(false).resolve("resnet101"))
                .isInstanceOf(ModelFileNotFoundException.class)
                .hasMessageContaining(models.toString())
                .hasMessageContaining("resnet101_features.onnx")
                .hasMessageContaining("resnet101_features.pt")
                .hasMessageContaining("path")
                .satisfies(e -> assertThat(((ModelFileNotFoundException) e).candidates())
                        .contains(models.resolve("resnet101_features.onnx"), models.resolve("resnet101/resnet101_features.pt")));
        assertThatThrownBy(() -> resolver(false).resolve(tmp.resolve("nowhere/net.pt").toString()))
                .isInstanceOf(ModelFileNotFoundException.class)
                .hasMessageContaining(tmp.resolve("nowhere/net.pt").toString());
    }

    @Test
    void aWrongDigestIsATypedErrorWithBothDigests() throws Exception {
        Path file = Files.write(models.resolve("googlenet_features.onnx"), CONTENT);
        assertThatThrownBy(() -> resolver(false).resolve("googlenet", null, OTHER_SHA))
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining(OTHER_SHA)
                .hasMessageContaining(CONTENT_SHA)
                .satisfies(e -> {
                    ChecksumMismatchException c = (ChecksumMismatchException) e;
                    assertThat(c.expectedSha256()).isEqualTo(OTHER_SHA);
                    assertThat(c.actualSha256()).isEqualTo(CONTENT_SHA);
                });
    }

    @Test
    void aFileUrlIsCopiedIntoTheCacheAndChecked() throws Exception {
        Path source = Files.write(Files.createDirectories(tmp.resolve("elsewhere")).resolve("alexnet_features.onnx"), CONTENT);
        String url = source.toUri().toString();
        assertThat(url).startsWith("file:");

        ResolvedModel m = resolver(false).resolve(url, null, CONTENT_SHA);
        assertThat(m.kind()).isEqualTo(ResolvedModel.Kind.URL);
        assertThat(m.file()).startsWith(cache).hasFileName("alexnet_features.onnx");
        assertThat(Files.readAllBytes(m.file())).isEqualTo(CONTENT);
        assertThat(m.sha256()).isEqualTo(CONTENT_SHA);

        // The cached copy is used even when the source is gone.
        Files.delete(source);
        assertThat(resolver(false).resolve(url).file()).isEqualTo(m.file());
    }

    @Test
    void aFileUrlWithTheWrongDigestLeavesNothingInTheCache() throws Exception {
        Path source = Files.write(tmp.resolve("vgg19_features.pt"), CONTENT);
        assertThatThrownBy(() -> resolver(false).resolve(source.toUri().toString(), null, OTHER_SHA))
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessageContaining(OTHER_SHA).hasMessageContaining(CONTENT_SHA);
        try (var files = Files.walk(cache)) {
            assertThat(files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".tsv")))
                    .isEmpty();
        }
    }

    @Test
    void httpIsDownloadedOnceCheckedAndThenServedFromTheCache() throws Exception {
        String url = serve("/models/resnet18_features.onnx");
        ModelResolver r = resolver(true);

        ResolvedModel first = r.resolve(url, null, CONTENT_SHA);
        assertThat(first.sha256()).isEqualTo(CONTENT_SHA);
        assertThat(first.file()).startsWith(cache).hasFileName("resnet18_features.onnx");
        assertThat(Files.readAllBytes(first.file())).isEqualTo(CONTENT);
        assertThat(requests.get()).isEqualTo(1);

        // A second resolver (a later run) finds it in the cache without asking the server, even offline.
        ResolvedModel again = resolver(false).resolve(url, null, CONTENT_SHA);
        assertThat(again.file()).isEqualTo(first.file());
        assertThat(requests.get()).isEqualTo(1);
    }

    @Test
    void httpWithTheWrongDigestIsRejectedAndNotCached() throws Exception {
        String url = serve("/resnet152_features.onnx");
        assertThatThrownBy(() -> resolver(true).resolve(url, null, OTHER_SHA))
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessageContaining(url).hasMessageContaining(OTHER_SHA).hasMessageContaining(CONTENT_SHA);
        // Not cached: a second try goes to the server again.
        assertThat(resolver(true).resolve(url).sha256()).isEqualTo(CONTENT_SHA);
        assertThat(requests.get()).isEqualTo(2);
    }

    @Test
    void offlineModeRefusesToDownloadWithAClearError() throws Exception {
        String url = serve("/resnet50_features.onnx");
        assertThatThrownBy(() -> resolver(false).resolve(url))
                .isInstanceOf(ModelDownloadException.class)
                .hasMessageContaining("offline").hasMessageContaining(url).hasMessageContaining("path");
        assertThat(requests.get()).isZero();
    }

    @Test
    void anHttpErrorIsATypedErrorNamingTheUrl() throws Exception {
        String url = serve("/here.onnx").replace("/here.onnx", "/missing.onnx");
        assertThatThrownBy(() -> resolver(true).resolve(url))
                .isInstanceOf(ModelDownloadException.class).hasMessageContaining(url).hasMessageContaining("404");
    }

    @Test
    void digestsAreRememberedAcrossRunsByPathSizeAndMtime() throws Exception {
        Path file = Files.write(tmp.resolve("net.onnx"), CONTENT);
        FileTime mtime = Files.getLastModifiedTime(file);
        assertThat(resolver(false).resolve(file.toString()).sha256()).isEqualTo(CONTENT_SHA);
        assertThat(cache.resolve("sha256-digests.tsv")).content().contains(CONTENT_SHA).contains(file.toString());

        // Same size and mtime, other bytes: a new resolver (a later run) answers from its memory, not the bytes.
        byte[] changed = CONTENT.clone();
        changed[0] ^= 1;
        Files.write(file, changed);
        Files.setLastModifiedTime(file, mtime);
        assertThat(resolver(false).resolve(file.toString()).sha256()).isEqualTo(CONTENT_SHA);

        // A changed mtime makes it hash the file again.
        Files.setLastModifiedTime(file, FileTime.fromMillis(mtime.toMillis() + 5000));
        assertThat(resolver(false).resolve(file.toString()).sha256()).isEqualTo(sha(changed));
    }

    @Test
    void badDigestsAndEmptyReferencesAreRejected() {
        assertThatThrownBy(() -> resolver(false).resolve("resnet50", null, "abc"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64 hex");
        assertThatThrownBy(() -> resolver(false).resolve(" "))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ModelResolver.isUrl("https://example.org/x.onnx")).isTrue();
        assertThat(ModelResolver.isUrl("resnet50")).isFalse();
    }

    /** Serves {@link #CONTENT} at {@code path} on 127.0.0.1 and counts the requests; other paths get 404. */
    private String serve(String path) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            if (exchange.getRequestURI().getPath().equals(path)) {
                exchange.sendResponseHeaders(200, CONTENT.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(CONTENT);
                }
            } else {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static String sha(byte[] bytes) {
        return HexFormat.of().formatHex(FileDigestCache.newSha256().digest(bytes));
    }
}
