package org.actionrec.modelfile;

import java.io.IOException;
import java.nio.file.Path;

/** A model file that cannot be used: missing, truncated, corrupted, foreign or of a newer format. */
public final class ModelFileException extends IOException {
    private final transient Path file;

    public ModelFileException(Path file, String cause) {
        super(file + ": " + cause);
        this.file = file;
    }

    public ModelFileException(Path file, String cause, Throwable detail) {
        super(file + ": " + cause, detail);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
