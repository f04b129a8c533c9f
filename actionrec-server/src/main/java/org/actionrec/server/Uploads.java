package org.actionrec.server;

import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import io.javalin.http.util.MultipartUtil;
import jakarta.servlet.MultipartConfigElement;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;
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

    public Uploads(Path tempRoot, long maxBytes, Path allowRoot) throws IOException {
        Path parent = tempRoot == null ? Path.of(System.getProperty("java.io.tmpdir")) : tempRoot;
        Files.createDirectories(parent);
        Path dir;
        try {
            dir = Files.createTempDirectory(parent, "actionrec-uploads-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) { // not a POSIX file system
            dir = Files.createTempDirectory(parent, "actionrec-uploads-");
        }
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
            try {
                // this service's limits on this request: Javalin's own multipart setting is one per JVM
                ctx.req().setAttribute(MultipartUtil.MULTIPART_CONFIG_ATTRIBUTE, multipartLimits);
                file = ctx.uploadedFile("video");
            } catch (RuntimeException e) {
                LOG.debug("multipart body refused", e);
                if (String.valueOf(e.getMessage()).contains("exceeds") || e.getCause() != null
                        && String.valueOf(e.getCause().getMessage()).contains("exceeds")) {
                    throw tooLarge(declared);
                }
                throw ApiException.badRequest("the multipart body could not be read: " + e.getMessage());
            }
            if (file == null) {
                String formPath = ctx.formParam("path");
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

    /** A file under the allowed root, canonicalised (links resolved) before it is checked to lie inside. */
    private UploadedVideo named(String given) {
        if (allowRoot == null) {
            throw new ApiException(403, "Forbidden", "this service does not open server paths; upload the video "
                    + "instead (the operator can allow a folder with --allow-root)");
        }
        Path real;
        try {
            real = allowRoot.resolve(given).normalize().toRealPath();
        } catch (NoSuchFileException e) {
            throw ApiException.notFound("no file '" + given + "' under the allowed root");
        } catch (IOException | java.nio.file.InvalidPathException e) {
            throw ApiException.badRequest("'" + given + "' is not a path that can be opened");
        }
        if (!real.startsWith(allowRoot) || !Files.isRegularFile(real)) {
            throw new ApiException(403, "Forbidden", "'" + given + "' is outside the allowed root or not a file");
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
            while ((n = in.read(buf)) > 0) {
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
        try (Stream<Path> s = Files.walk(folder)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.warn("could not delete {}: {}", p, e.toString());
                }
            });
        } catch (IOException e) {
            LOG.warn("could not clean {}: {}", folder, e.toString());
        }
    }
}
