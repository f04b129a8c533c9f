package org.actionrec.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PeakMemoryTest {
    @Test
    void thePeakIsNeverBelowTheRssBeforeItAndAResetKeepsItSo() {
        assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "Linux /proc");
        long now = PeakMemory.currentRssBytes(); // read first: the peak read after it cannot be lower
        assertThat(now).isPositive();
        assertThat(PeakMemory.peakRssBytes()).isGreaterThanOrEqualTo(now);
        if (PeakMemory.reset()) {
            now = PeakMemory.currentRssBytes();
            assertThat(PeakMemory.peakRssBytes()).isGreaterThanOrEqualTo(now);
        }
    }

    /**
     * Resetting the peak is the benchmarks' business only: a library or service class that wrote clear_refs
     * would falsify the peak every bench command reports.
     */
    @Test
    void onlyTheBenchPackageWritesClearRefs() throws IOException {
        Path root = Path.of("..");
        List<Path> writers = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path main : modules.map(m -> m.resolve("src/main")).filter(Files::isDirectory).toList()) {
                try (Stream<Path> files = Files.walk(main)) {
                    files.filter(p -> p.toString().endsWith(".java") && read(p).contains("/proc/self/clear_refs"))
                            .map(root::relativize).forEach(writers::add);
                }
            }
        }
        assertThat(writers).containsExactly(Path.of("actionrec-bench/src/main/java/org/actionrec/bench/PeakMemory.java"));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
