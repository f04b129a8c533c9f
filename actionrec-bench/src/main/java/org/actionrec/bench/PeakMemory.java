package org.actionrec.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process's peak resident set size (Linux VmHWM), which counts native memory outside the Java heap. */
public final class PeakMemory {
    private PeakMemory() {
    }

    /**
     * Starts the peak over from the current RSS (Linux: "5" into /proc/self/clear_refs), so that two runs in one
     * process each get their own peak. False where the kernel does not allow it.
     */
    public static boolean reset() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Peak RSS in bytes, or -1 where /proc is not available. */
    public static long peakRssBytes() {
        return status("VmHWM:");
    }

    /** RSS now in bytes (Linux VmRSS), or -1 where /proc is not available. */
    public static long currentRssBytes() {
        return status("VmRSS:");
    }

    private static long status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
