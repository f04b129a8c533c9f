package org.actionrec.modelfile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** An opened model file, unpacked into a private temporary folder; closing deletes the folder. */
public final class ModelArchive implements AutoCloseable {
    private final Path file;
    private final ModelManifest manifest;
    private final Path dir;
    private final List<String> entries;

    ModelArchive(Path file, ModelManifest manifest, Path dir, List<String> entries) {
        this.file = file;
        this.manifest = manifest;
        this.dir = dir;
        this.entries = List.copyOf(entries);
    }

    /** The model file this was opened from. */
    public Path file() {
        return file;
    }

    public ModelManifest manifest() {
        return manifest;
    }

    public List<String> entries() {
        return entries;
    }

    /** The unpacked file or folder of an entry name (e.g. {@code checkpoints/member1/}). */
    public Path path(String entry) throws ModelFileException {
        Path p = dir.resolve(entry).normalize();
        if (!p.startsWith(dir) || !Files.exists(p)) {
            throw new ModelFileException(file, "corrupted: the entry " + entry + " that the manifest names is missing");
        }
        return p;
    }

    /** Reads a JSON entry into a type. */
    public <T> T readJson(String entry, Class<T> type) throws ModelFileException {
        try {
            return ModelFile.json().readValue(path(entry).toFile(), type);
        } catch (ModelFileException e) {
            throw e;
        } catch (IOException e) {
            throw new ModelFileException(file, "corrupted: " + entry + " cannot be read", e);
        }
    }

    @Override
    public void close() {
        ProcessTempFolders.deleteTree(dir);
    }
}
