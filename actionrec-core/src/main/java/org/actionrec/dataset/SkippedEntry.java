package org.actionrec.dataset;

import java.nio.file.Path;

/** Something found under a dataset root that is not a clip, with the reason it was left out. */
public record SkippedEntry(Path path, String reason) {
}
