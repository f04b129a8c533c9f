package org.actionrec.dataset;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A dataset layout or split file could not be used. Always names the offending file or folder and the cause,
 * so a batch job can record it and a user can fix it.
 */
public class DatasetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path path;

    public DatasetException(Path path, String cause) {
        super(path + ": " + cause);
        this.path = Objects.requireNonNull(path, "path");
    }

    public DatasetException(Path path, String cause, Throwable underlying) {
        super(path + ": " + cause, underlying);
        this.path = Objects.requireNonNull(path, "path");
    }

    /** The file or folder at fault. */
    public Path path() {
        return path;
    }
}
