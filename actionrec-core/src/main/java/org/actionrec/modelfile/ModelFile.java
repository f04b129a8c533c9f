package org.actionrec.modelfile;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.actionrec.head.HeadCodec;

/**
 * {@code model.actionrec}: one zip file that holds everything a model needs to predict — {@code manifest.json}
 * ({@link ModelManifest}: format version, provenance, labels, stream settings, backbone identity, calibration),
 * {@code labels.txt}, the heads or checkpoints, and optionally the backbone itself — so that a model moves
 * between training, a command, a service and a cluster as one file.
 */
public final class ModelFile {
    public static final String FILE_NAME = "model.actionrec";
    /** Prefix of the private folders models are unpacked into, in the system's temporary folder. */
    public static final String TEMP_PREFIX = "actionrec-model-";
    public static final String MANIFEST = "manifest.json";
    public static final String LABELS = "labels.txt";
    public static final String BACKBONE_FOLDER = "backbone/";

    private static final ObjectMapper JSON = HeadCodec.mapper().copy().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ModelFile() {
    }

    /** The mapper the manifest and the model file's JSON entries are written with. */
    public static ObjectMapper json() {
        return JSON;
    }

    /** Collects entries, then writes them with the manifest as one file (atomically: a reader never sees half). */
    public static final class Writer {
        private final Map<String, Object> entries = new LinkedHashMap<>(); // name -> byte[] or Path
        private ModelManifest manifest;

        public Writer(ModelManifest manifest) {
            this.manifest = manifest;
        }

        public Writer add(String entry, byte[] content) {
            entries.put(checkName(entry), content.clone());
            return this;
        }

        public Writer addJson(String entry, Object value) throws IOException {
            return add(entry, JSON.writeValueAsBytes(value));
        }

        public Writer addFile(String entry, Path file) {
            entries.put(checkName(entry), file);
            return this;
        }

        /** Every regular file directly in {@code folder}, under {@code prefix}. */
        public Writer addFolder(String prefix, Path folder) throws IOException {
            try (Stream<Path> files = Files.list(folder)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    addFile(prefix + f.getFileName(), f);
                }
            }
            return this;
        }

        /** Puts the backbone file inside, so that the model travels alone. */
        public Writer embedBackbone(Path backboneFile) {
            String entry = BACKBONE_FOLDER + backboneFile.getFileName();
            addFile(entry, backboneFile);
            manifest = manifest.withBackbone(manifest.backbone().withEmbedded(entry));
            return this;
        }

        public void write(Path target) throws IOException {
            Path parent = target.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = parent.resolve(target.getFileName() + ".part");
            try (OutputStream out = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(out)) {
                zip.putNextEntry(new ZipEntry(MANIFEST));
                zip.write(JSON.writeValueAsBytes(manifest));
                zip.closeEntry();
                zip.putNextEntry(new ZipEntry(LABELS));
                zip.write((String.join("\n", manifest.classes()) + "\n").getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
                for (Map.Entry<String, Object> e : entries.entrySet()) {
                    zip.putNextEntry(new ZipEntry(e.getKey()));
                    if (e.getValue() instanceof byte[] bytes) {
                        zip.write(bytes);
                    } else {
                        Files.copy((Path) e.getValue(), zip);
                    }
                    zip.closeEntry();
                }
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(tmp);
                throw e;
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }

        private static String checkName(String entry) {
            if (entry.isEmpty() || entry.startsWith("/") || entry.contains("..") || entry.contains("\\")
                    || entry.equals(MANIFEST) || entry.equals(LABELS)) {
                throw new IllegalArgumentException("not a model file entry name: " + entry);
            }
            return entry;
        }
    }

    /**
     * Opens a model file: checks it is whole and of a format this version reads, and unpacks it into a private
     * temporary folder that {@link ModelArchive#close()} deletes.
     *
     * @throws ModelFileException naming the file and, in plain words, what is wrong with it
     */
    public static ModelArchive open(Path file) throws ModelFileException {
        if (!Files.exists(file)) throw new ModelFileException(file, "model file not found");
        if (!Files.isRegularFile(file)) throw new ModelFileException(file, "not a file");
        byte[] head = new byte[4];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(head, 0, 4);
        } catch (IOException e) {
            throw new ModelFileException(file, "cannot be read (" + e.getMessage() + ")", e);
        }
        if (read == 0) throw new ModelFileException(file, "the model file is empty");
        if (head[0] == '{') {
            throw new ModelFileException(file, "this is an earlier model bundle (model.json or bundle.json); run the "
                    + "command that wrote it again (run or train) to write " + FILE_NAME);
        }
        if (read < 4 || head[0] != 'P' || head[1] != 'K') {
            throw new ModelFileException(file, "not an actionrec model file (not a zip archive)");
        }
        Path dir = null;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            if (zip.getEntry(MANIFEST) == null) {
                throw new ModelFileException(file, "not an actionrec model file (a zip archive without " + MANIFEST
                        + ")");
            }
            ModelManifest manifest = readManifest(file, zip);
            dir = ProcessTempFolders.create(ProcessTempFolders.systemTemp(), TEMP_PREFIX);
            List<String> names = new ArrayList<>();
            Enumeration<? extends ZipEntry> all = zip.entries();
            while (all.hasMoreElements()) {
                ZipEntry e = all.nextElement();
                Path target = dir.resolve(e.getName()).normalize();
                if (!target.startsWith(dir) || e.getName().contains("..")) {
                    throw new ModelFileException(file, "holds an entry outside the archive (" + e.getName() + ")");
                }
                if (e.isDirectory()) continue;
                Files.createDirectories(target.getParent());
                // ZipFile checks no CRC of deflated entries itself
                java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                try (InputStream in = new java.util.zip.CheckedInputStream(zip.getInputStream(e), crc)) {
                    Files.copy(in, target);
                } catch (ZipException bad) {
                    throw new ModelFileException(file, "corrupted: entry " + e.getName() + " cannot be unpacked", bad);
                }
                if (e.getCrc() != -1 && crc.getValue() != e.getCrc()) {
                    throw new ModelFileException(file, "corrupted: entry " + e.getName() + " fails its checksum");
                }
                names.add(e.getName());
            }
            return new ModelArchive(file, manifest, dir, names);
        } catch (ModelFileException e) {
            ProcessTempFolders.deleteTree(dir);
            throw e;
        } catch (ZipException e) {
            ProcessTempFolders.deleteTree(dir);
            throw new ModelFileException(file, "truncated or corrupted (its zip directory cannot be read)", e);
        } catch (IOException e) {
            ProcessTempFolders.deleteTree(dir);
            throw new ModelFileException(file, "cannot be read (" + e.getMessage() + ")", e);
        }
    }

    private static ModelManifest readManifest(Path file, ZipFile zip) throws IOException {
        com.fasterxml.jackson.databind.JsonNode tree;
        try (InputStream in = zip.getInputStream(zip.getEntry(MANIFEST))) {
            tree = JSON.readTree(in);
        } catch (ZipException e) {
            throw new ModelFileException(file, "corrupted: " + MANIFEST + " fails its checksum", e);
        } catch (IOException e) {
            throw new ModelFileException(file, "corrupted: " + MANIFEST + " is not valid JSON", e);
        }
        if (!ModelManifest.FORMAT.equals(tree.path("format").asText())) {
            throw new ModelFileException(file, "not an actionrec model file (format '" + tree.path("format").asText()
                    + "', expected '" + ModelManifest.FORMAT + "')");
        }
        int version = tree.path("format_version").asInt(-1);
        if (version > ModelManifest.FORMAT_VERSION) {
            throw new ModelFileException(file, "written by a newer actionrec (model format version " + version
                    + "; this version reads up to " + ModelManifest.FORMAT_VERSION + "): upgrade actionrec to open it");
        }
        if (version < 1) throw new ModelFileException(file, "the manifest has no valid format_version");
        try {
            return JSON.treeToValue(tree, ModelManifest.class);
        } catch (IOException | RuntimeException e) {
            throw new ModelFileException(file, "corrupted: " + MANIFEST + " lacks what a model needs ("
                    + e.getMessage().lines().findFirst().orElse("") + ")", e);
        }
    }
}
