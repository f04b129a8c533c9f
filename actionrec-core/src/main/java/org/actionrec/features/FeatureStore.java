package org.actionrec.features;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;
import org.actionrec.backbone.FileDigestCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Descriptors cached on disk, one file per clip, under a folder named by the digest of everything that
 * produced them (backbone and its checksum, sampler, motion and preprocessing settings: the caller's
 * settings map). A clip's entry is keyed by its name and the sha256 of its bytes, so a changed file or
 * changed settings are never served stale features, while a copy of the same video (a dataset copied or
 * restored, with new modification times) still finds its entries. Digests are remembered by path, size and
 * modification time in {@code clip-digests.tsv} below the store root, so a clip is hashed once, not on
 * every run.
 *
 * <p>Entries are written to a temporary file and moved into place atomically, and carry a CRC: a run killed
 * at any moment leaves either a whole entry or none, and the next run resumes with the clips not yet done.
 */
public final class FeatureStore {
    private static final Logger LOG = LoggerFactory.getLogger(FeatureStore.class);
    private static final int MAGIC = 0x41524631; // "ARF1"

    private final Path dir;
    private final String settingsDigest;
    private final FileDigestCache digests;

    /**
     * Opens (creating if needed) the store for one set of extraction settings below {@code root}.
     *
     * @param settings everything that determines the descriptors; written to {@code settings.json} beside them
     */
    public FeatureStore(Path root, Map<String, ?> settings) throws IOException {
        byte[] canonical = canonicalSettings(settings);
        this.settingsDigest = sha256(canonical).substring(0, 16);
        this.dir = root.resolve(settingsDigest);
        this.digests = new FileDigestCache(root.resolve("clip-digests.tsv"));
        Files.createDirectories(dir.resolve("clips"));
        Path settingsFile = dir.resolve("settings.json");
        if (!Files.exists(settingsFile)) {
            writeAtomically(settingsFile, canonical);
        }
    }

    /**
     * The digest that names the store folder of these settings: the first 16 hex digits of the sha256 of their
     * canonical JSON (keys sorted). Other stores of descriptors (Parquet on Spark) key rows by the same digest.
     */
    public static String digestOf(Map<String, ?> settings) throws IOException {
        return sha256(canonicalSettings(settings)).substring(0, 16);
    }

    /** The settings as the JSON their digest is taken of (and {@code settings.json} holds): keys sorted. */
    public static byte[] canonicalSettings(Map<String, ?> settings) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .enable(SerializationFeature.INDENT_OUTPUT);
        return json.writeValueAsBytes(new java.util.TreeMap<>(settings));
    }

    /** The folder holding this store's entries (named by the settings digest). */
    public Path directory() {
        return dir;
    }

    public String settingsDigest() {
        return settingsDigest;
    }

    /** The cached descriptors of a clip, if an intact entry exists for the file as it is now. */
    public Optional<ClipFeatures> get(String clipName, Path file) {
        Path entry = entryPath(clipName, file);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(entry);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read feature entry " + entry, e);
        }
        try {
            return Optional.of(decode(bytes, clipName));
        } catch (IOException | RuntimeException e) {
            // Written atomically, so this is damage from outside (disk, a copy): recompute rather than fail.
            LOG.warn("feature entry {} for {} is damaged ({}); it will be recomputed", entry, clipName, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Whether an intact entry exists for the file as it is now: the entry is read and its CRC checked, so a
     * damaged one counts as missing and an extraction run recomputes that clip (as {@link #get} promises).
     */
    public boolean contains(String clipName, Path file) {
        return get(clipName, file).isPresent();
    }

    /** Stores a clip's descriptors atomically, replacing any earlier entry for the same file state. */
    public void put(Path file, ClipFeatures features) throws IOException {
        writeAtomically(entryPath(features.clip(), file), encode(features));
    }

    private Path entryPath(String clipName, Path file) {
        String content;
        try {
            content = digests.sha256(file);
        } catch (IOException e) {
            content = "unreadable"; // no entry is ever stored for it: extraction fails on such a file
        }
        String key = sha256((clipName + "\n" + content).getBytes(StandardCharsets.UTF_8));
        return dir.resolve("clips").resolve(key.substring(0, 2)).resolve(key + ".feat");
    }

    static byte[] encode(ClipFeatures f) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeUTF(f.clip());
            out.writeInt(f.frameCount());
            out.writeBoolean(f.repeatedFrames());
            out.writeInt(f.streams().size());
            for (Map.Entry<String, float[][]> s : f.streams().entrySet()) {
                float[][] rows = s.getValue();
                out.writeUTF(s.getKey());
                out.writeInt(rows.length);
                out.writeInt(rows.length == 0 ? 0 : rows[0].length);
                ByteBuffer buf = ByteBuffer.allocate(rows.length == 0 ? 0 : rows.length * rows[0].length * 4);
                for (float[] row : rows) {
                    buf.asFloatBuffer().put(row);
                    buf.position(buf.position() + row.length * 4);
                }
                out.write(buf.array());
            }
        }
        CRC32 crc = new CRC32();
        crc.update(bytes.toByteArray());
        new DataOutputStream(bytes).writeLong(crc.getValue());
        return bytes.toByteArray();
    }

    static ClipFeatures decode(byte[] bytes, String expectedClip) throws IOException {
        if (bytes.length < 12) {
            throw new IOException("entry too short");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 8);
        if (crc.getValue() != ByteBuffer.wrap(bytes, bytes.length - 8, 8).getLong()) {
            throw new IOException("checksum mismatch");
        }
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes, 0, bytes.length - 8))) {
            if (in.readInt() != MAGIC) {
                throw new IOException("not a feature entry");
            }
            String clip = in.readUTF();
            if (!clip.equals(expectedClip)) {
                throw new IOException("entry is for " + clip);
            }
            int frameCount = in.readInt();
            boolean repeated = in.readBoolean();
            int streams = in.readInt();
            Map<String, float[][]> map = new LinkedHashMap<>();
            for (int s = 0; s < streams; s++) {
                String name = in.readUTF();
                int rows = in.readInt();
                int cols = in.readInt();
                byte[] raw = new byte[rows * cols * 4];
                in.readFully(raw);
                java.nio.FloatBuffer fb = ByteBuffer.wrap(raw).asFloatBuffer();
                float[][] data = new float[rows][cols];
                for (float[] row : data) {
                    fb.get(row);
                }
                map.put(name, data);
            }
            return new ClipFeatures(clip, frameCount, repeated, map);
        }
    }

    /**
     * Writes by a rename, so a killed process leaves either the old entry or the new one. Not forced to disk: a
     * power cut may still leave an entry cut short, which its CRC shows on reading, and the clip is recomputed; a
     * sync per clip cost the backbone sessions a fifth of their time.
     */
    static void writeAtomically(Path target, byte[] content) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), ".tmp-", ".part");
        try {
            try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(content));
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
