package org.actionrec.report;

import org.actionrec.eval.Csv;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes {@code failures.csv}: header "clip,reason", one row per failed clip (written even when empty). */
public final class FailuresCsv {
    public static final String FILE_NAME = "failures.csv";

    private FailuresCsv() {
    }

    public static Path write(Path dir, List<Failure> failures) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE_NAME);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(Csv.row(List.of("clip", "reason")));
            for (Failure f : failures) {
                w.write(Csv.row(List.of(f.clip(), f.reason() == null ? "" : f.reason().replace('\n', ' '))));
            }
        }
        return file;
    }
}
