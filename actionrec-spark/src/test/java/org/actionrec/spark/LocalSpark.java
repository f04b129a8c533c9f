package org.actionrec.spark;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/** A local[2] Spark session for tests, and the shared data they skip without. */
final class LocalSpark {
    private LocalSpark() {
    }

    static SparkSession start() {
        return SparkSession.builder().master("local[2]").appName("actionrec-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
    }

    /** A path below ../shared (the build's actionrec.shared); the test is skipped where it is absent. */
    static Path shared(String relative) {
        String configured = System.getProperty("actionrec.shared");
        Path p = (configured != null ? Path.of(configured) : Path.of("..", "shared")).toAbsolutePath().normalize()
                .resolve(relative);
        assumeTrue(Files.exists(p), () -> "skipped: shared test data not found at " + p
                + " (place the project's shared folder beside the checkout as ../shared)");
        return p;
    }
}
