package org.actionrec.backbone;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * sha256 digests of files, remembered by absolute path, size and modification time so a large model is not
 * hashed again on every run. The memory is a tab-separated file (sha256, size, mtime millis, path), one line
 * per digest, appended to; the last line for a path wins. A file changed in place with the same size and
 * mtime is not noticed; that is the usual trade-off (as in make or rsync's quick check).
 * Safe to use from several threads; several processes sharing the file at worst hash a file twice.
 */
public final class FileDigestCache {
    private static final Logger LOG = LoggerFactory.getLogger(FileDigestCache.class);

    private record Entry(String sha256, long size, long mtimeMillis) {
    }

    private final Path store;
    private final Map<Path, Entry> entries = new ConcurrentHashMap<>();
    private volatile boolean loaded;

    /** @param store the file the digests are kept in, or {@code null} to remember them in memory only */
    public FileDigestCache(Path store) {
        this.store = store == null ? null : store.toAbsolutePath();
    }

    /** The lower-case hex sha256 of {@code file}, from memory where size and mtime are unchanged. */
    public String sha256(Path file) throws IOException {
        Path key = file.toAbsolutePath().normalize();
        load();
        long size = Files.size(key);
        long mtime = Files.getLastModifiedTime(key).toMillis();
        Entry known = entries.get(key);
        if (known != null && known.size == size && known.mtimeMillis == mtime) {
            return known.sha256;
        }
        long start = System.nanoTime();
        String digest = computeSha256(key);
        LOG.debug("sha256 of {} ({} bytes) computed in {} ms", key, size, (System.nanoTime() - start) / 1_000_000);
        Entry fresh = new Entry(digest, size, mtime);
        entries.put(key, fresh);
        append(key, fresh);
        return digest;
    }

    /** Records a digest computed elsewhere (e.g. while downloading), so it is not computed again. */
    void remember(Path file, String sha256) throws IOException {
        Path key = file.toAbsolutePath().normalize();
        load();
        Entry e = new Entry(sha256, Files.size(key), Files.getLastModifiedTime(key).toMillis());
        entries.put(key, e);
        append(key, e);
    }

    /** Hashes a file's bytes, without the cache. */
    public static String computeSha256(Path file) throws IOException {
        MessageDigest md = newSha256();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e); // every JDK must have it
        }
    }

    private synchronized void load() {
        if (loaded) {
            return;
        }
        loaded = true;
        if (store == null || !Files.isRegularFile(store)) {
            return;
        }
        try {
            List<String> lines = Files.readAllLines(store, StandardCharsets.UTF_8);
            for (String line : lines) {
                String[] f = line.split("\t", 4);
                if (f.length == 4 && f[0].length() == 64) {
                    try {
                        entries.put(Path.of(f[3]), new Entry(f[0], Long.parseLong(f[1]), Long.parseLong(f[2])));
                    } catch (RuntimeException bad) {
                        LOG.debug("skipping a malformed line in {}: {}", store, line);
                    }
                }
            }
        } catch (IOException e) {
            LOG.warn("could not read the digest cache {} ({}); digests will be recomputed", store, e.toString());
        }
    }

    private synchronized void append(Path file, Entry e) {
        String name = file.toString();
        if (store == null || name.indexOf('\n') >= 0 || name.indexOf('\t') >= 0) {
            return; // such a path cannot be written as one line; remembered in memory only
        }
        String line = e.sha256 + "\t" + e.size + "\t" + e.mtimeMillis + "\t" + file + "\n";
        try {
            Path parent = store.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(store, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException ex) {
            LOG.warn("could not write the digest cache {} ({}); the digest stays in memory only", store, ex.toString());
        }
    }
}
