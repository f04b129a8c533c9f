package org.actionrec.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;

/**
 * Where a number came from: the data, the split, the backbone weights, the pipeline settings, the software
 * versions, when and on what machine. Written into every report (and meant for feature files and bundles).
 *
 * @param settings the pipeline configuration as JSON (e.g. {@code mapper.valueToTree(config)})
 * @param date     ISO-8601 date-time with offset
 */
public record Provenance(Dataset dataset, Split split, Backbone backbone, JsonNode settings, Versions versions,
                         String date, Host host) {

    /** The clip list digest is SHA-256 over the clip ids joined by newlines, in the order given. */
    public record Dataset(String root, int clipCount, String clipListSha256) {
        public static Dataset of(String root, List<String> clipIds) {
            return new Dataset(root, clipIds.size(), sha256(String.join("\n", clipIds).getBytes(StandardCharsets.UTF_8)));
        }
    }

    /**
     * The evaluation protocol (e.g. {@code group-kfold(k=5, seed=42)}), the split numbers used, and why the data
     * got that protocol (null where not recorded).
     */
    public record Split(String protocol, List<Integer> splits, String reason) {
        public Split {
            splits = List.copyOf(splits);
        }
    }

    public record Backbone(String name, String file, String sha256) {
        /** Hashes the weights file; {@code file} is recorded as given. */
        public static Backbone of(String name, Path file) throws IOException {
            return new Backbone(name, file.toString(), Provenance.sha256(file));
        }
    }

    /** Software versions, "unknown" where a jar carries none. */
    public record Versions(String actionrec, String java, String djl, String javacv, String ffmpeg, String opencv,
                           String liblinear) {
        public static Versions detect() {
            return new Versions(
                    packageVersion("org.actionrec.report.Provenance"),
                    System.getProperty("java.version", "unknown"),
                    djlVersion(),
                    packageVersion("org.bytedeco.javacv.FFmpegFrameGrabber"),
                    packageVersion("org.bytedeco.ffmpeg.global.avutil"),
                    packageVersion("org.bytedeco.opencv.global.opencv_core"),
                    packageVersion("de.bwaldvogel.liblinear.Linear"));
        }

        private static String djlVersion() {
            try {
                String v = ai.djl.engine.Engine.getDjlVersion();
                if (v != null && !v.isBlank()) {
                    return v;
                }
            } catch (RuntimeException | LinkageError e) {
                // fall through to the jar manifest
            }
            return packageVersion("ai.djl.engine.Engine");
        }

        /** The Implementation- or Specification-Version of the jar holding the class, without initialising it. */
        static String packageVersion(String className) {
            try {
                Class<?> c = Class.forName(className, false, Provenance.class.getClassLoader());
                Package p = c.getPackage();
                String v = p == null ? null : p.getImplementationVersion();
                if (v == null && p != null) {
                    v = p.getSpecificationVersion();
                }
                return v == null ? "unknown" : v;
            } catch (ClassNotFoundException | LinkageError e) {
                return "unknown";
            }
        }
    }

    public record Host(int cores, String os, String arch, long maxHeapMb) {
        public static Host detect() {
            return new Host(Runtime.getRuntime().availableProcessors(), System.getProperty("os.name", "unknown"),
                    System.getProperty("os.arch", "unknown"), Runtime.getRuntime().maxMemory() / (1024 * 1024));
        }
    }

    /** Provenance of a run starting now on this machine. */
    public static Provenance now(Dataset dataset, Split split, Backbone backbone, JsonNode settings) {
        return new Provenance(dataset, split, backbone, settings, Versions.detect(),
                OffsetDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), Host.detect());
    }

    public static String sha256(Path file) throws IOException {
        MessageDigest digest = newDigest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(newDigest().digest(bytes));
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
