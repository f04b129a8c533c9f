package org.actionrec.server;

import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import io.javalin.http.util.MultipartUtil;
import jakarta.servlet.MultipartConfigElement;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.actionrec.modelfile.ProcessTempFolders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a request into the video it carries: a multipart {@code video} field, a raw body, or (only under
 * {@code --allow-root}) a {@code path} the client names. Every upload gets its own file, with a name the service
 * makes, in a folder only this process's user can read; the client's file name is never used as a path.
 */
public final class Uploads implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Uploads.class);
    /** Multipart boundaries and headers around the file: a request may exceed the file limit by this much. */
    static final long MULTIPART_OVERHEAD = 64 * 1024;

    private final Path folder;
    private final long maxBytes;
    private final MultipartConfigElement multipartLimits;
    private final Path allowRoot;

    /** Prefix of the upload folders; one left by a killed service is deleted when the next one starts. */
    static final String PREFIX = "actionrec-uploads-";

    public Uploads(Path tempRoot, long maxBytes, Path allowRoot) throws IOException {
        Path dir = ProcessTempFolders.create(tempRoot == null ? ProcessTempFolders.systemTemp() : tempRoot, PREFIX);
        this.folder = dir;
        Files.createDirectories(partsFolder());
        this.maxBytes = maxBytes;
        this.multipartLimits = new MultipartConfigElement(partsFolder().toString(), maxBytes,
                maxBytes + MULTIPART_OVERHEAD, 64 * 1024);
        this.allowRoot = allowRoot == null ? null : allowRoot.toRealPath();
    }

    /** The private folder uploads are written to. */
    public Path folder() {
        return folder;
    }

    /** Where the HTTP server keeps multipart parts while a request is parsed (inside the private folder). */
    public Path partsFolder() {
        return folder.resolve("parts");
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** The request's video; the caller closes it, which deletes an upload on every path. */
    public UploadedVideo receive(Context ctx) throws IOException {
        String path = ctx.queryParam("path");
        if (path != null) return named(path);
        long declared = ctx.req().getContentLengthLong();
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(java.util.Locale.ROOT);
        boolean multipart = type.startsWith("multipart/form-data");
        if (declared > maxBytes + (multipart ? MULTIPART_OVERHEAD : 0)) throw tooLarge(declared);
        if (multipart) {
            UploadedFile file;
            String formPath;
            try {
                // this service's limits on this request: Javalin's own multipart setting is one per JVM
                ctx.req().setAttribute(MultipartUtil.MULTIPART_CONFIG_ATTRIBUTE, multipartLimits);
                file = ctx.uploadedFile("video");
                formPath = file == null ? ctx.formParam("path") : null;
            } catch (Exception e) { // Jetty's IOException reaches here undeclared, through Kotlin
                LOG.info("multipart body refused: {}", e.toString());
                if (String.valueOf(e.getMessage()).contains("exceeds") || e.getCause() != null
                        && String.valueOf(e.getCause().getMessage()).contains("exceeds")) {
                    throw tooLarge(declared);
                }
                throw ApiException.badRequest("the multipart/form-data body could not be read (a wrong boundary, "
                        + "a body cut short, or not multipart at all)");
            }
            if (file == null) {
                if (formPath != null) return named(formPath);
                throw ApiException.badRequest("the multipart body has no 'video' field");
            }
            if (file.size() > maxBytes) throw tooLarge(file.size());
            try (InputStream in = file.content()) {
                return copy(in, file.filename());
            }
        }
        try (InputStream in = ctx.req().getInputStream()) {
            return copy(in, ctx.header("X-File-Name"));
        }
    }

    /**
     * A body that ends before it is whole (the client went away or sent less than it declared): 400, logged;
     * the client may never read the answer, but the log and the metrics have it.
     */
    private static ApiException cutShort(IOException e) {
        LOG.info("an upload ended before it was whole: {}", e.toString());
        return ApiException.badRequest("the upload ended before it was whole (" + e.getClass().getSimpleName() + ")");
    }

    /**
     * A file under the allowed root, canonicalised (links resolved) before it is checked to lie inside. Every
     * refusal is one answer, so that a client learns nothing of files it may not read: whether a path outside
     * the root exists, or where a link leads.
     */
    private UploadedVideo named(String given) {
        if (allowRoot == null) {
            throw new ApiException(403, "Forbidden", "this service does not open server paths; upload the video "
                    + "instead (the operator can allow a folder with --allow-root)");
        }
        Path real = null;
        try {
            Path lexical = allowRoot.resolve(given).normalize();
            if (lexical.startsWith(allowRoot)) real = lexical.toRealPath();
        } catch (IOException | java.nio.file.InvalidPathException e) {
            real = null;
        }
        if (real == null || !real.startsWith(allowRoot) || !Files.isRegularFile(real) || !Files.isReadable(real)) {
            throw new ApiException(404, "NotFound", "no such file that this service may open: clients may name only "
                    + "the readable files under its allowed root");
        }
        return new UploadedVideo(real, real.getFileName().toString(), false);
    }

    private UploadedVideo copy(InputStream in, String clientName) throws IOException {
        Path file = Files.createTempFile(folder, "upload-", ".bin");
        UploadedVideo video = new UploadedVideo(file, safeName(clientName), true);
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] buf = new byte[64 * 1024];
            long total = 0;
            int n;
            while ((n = read(in, buf)) > 0) {
                total += n;
                if (total > maxBytes) throw tooLarge(total);
                out.write(buf, 0, n);
            }
            if (total == 0) throw new ApiException(400, "EmptyVideo", "the upload is empty (0 bytes)");
            return video;
        } catch (IOException | RuntimeException e) {
            video.close();
            throw e;
        }
    }

    /** Reads from the client: a failure there is the client's (gone, or short of its declared length). */
    private static int read(InputStream in, byte[] buf) {
        try {
            return in.read(buf);
        } catch (IOException e) {
            throw cutShort(e);
        }
    }

    /** A new empty file in the private folder, for something made from an upload; the caller deletes it. */
    public Path newFile(String suffix) throws IOException {
        return Files.createTempFile(folder, "made-", suffix);
    }

    private ApiException tooLarge(long bytes) {
        return new ApiException(413, "PayloadTooLarge", "the upload" + (bytes > 0 ? " (" + bytes + " bytes)" : "")
                + " exceeds this service's limit of " + maxBytes + " bytes");
    }

    /** The client's name for answers: no folders, no control characters, bounded length. */
    static String safeName(String name) {
        if (name == null || name.isBlank()) return "upload";
        String base = name.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1);
        base = base.replaceAll("\\p{Cntrl}", "_");
        if (base.length() > 200) base = base.substring(0, 200);
        return base.isBlank() ? "upload" : base;
    }

    /** Files in the private folder now (parts included): what the leak tests count. */
    public long filesLeft() throws IOException {
        try (Stream<Path> s = Files.walk(folder)) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    @Override
    public void close() {
        ProcessTempFolders.deleteTree(folder);
    }
}
