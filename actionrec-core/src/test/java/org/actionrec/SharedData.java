package org.actionrec;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the project's shared data and models live (../shared beside the checkout; never copied into the
 * repository). Tests that need them call {@link #require} and are skipped, with a message, where absent.
 */
public final class SharedData {
    private SharedData() {
    }

    /** The shared folder: system property {@code actionrec.shared} (set by the build), else ../shared. */
    public static Path root() {
        String configured = System.getProperty("actionrec.shared");
        Path root = configured != null ? Path.of(configured) : Path.of("..", "shared");
        return root.toAbsolutePath().normalize();
    }

    /** A path below the shared folder; the calling test is skipped with a clear message if it is absent. */
    public static Path require(String relative) {
        Path p = root().resolve(relative);
        assumeTrue(Files.exists(p), () -> "skipped: shared test data not found at " + p
                + " (place the project's shared folder beside the checkout as ../shared)");
        return p;
    }

    public static Path jhmdb() {
        return require("data/jhmdb");
    }

    public static Path ucf101Sample() {
        return require("data/ucf101-sample");
    }

    public static Path mobilenetV2() {
        return require("models/mobilenet_v2");
    }
}
