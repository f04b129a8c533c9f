package org.actionrec.backbone;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A model file found on local disk, with the digest that identifies it in provenance.
 *
 * @param file      absolute path of the file to load
 * @param sha256    lower-case hex sha256 of the file's bytes
 * @param reference what the user asked for (a name, a path or a URL), kept for reports
 * @param kind      how the reference was read
 */
public record ResolvedModel(Path file, String sha256, String reference, Kind kind) {

    /** How a reference was read. */
    public enum Kind {
        /** a path to a file, used in place */
        PATH,
        /** a backbone name, found in the model directory */
        NAME,
        /** a URL, fetched into (or found in) the download cache */
        URL
    }

    public ResolvedModel {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(kind, "kind");
    }
}
