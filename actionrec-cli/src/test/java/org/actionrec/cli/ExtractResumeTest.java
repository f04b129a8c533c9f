package org.actionrec.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.actionrec.dataset.FolderPerClassDataset;
import org.actionrec.dataset.VideoClip;
import org.actionrec.dataset.VideoDataset;
import org.actionrec.features.ClipFeatures;
import org.actionrec.features.FeatureStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An {@code extract} run killed (SIGKILL) midway and run again gives the same descriptors as an uninterrupted
 * run, and does not redo the clips the killed run finished.
 */
class ExtractResumeTest {
    static final Path SHARED = Path.of(System.getProperty("actionrec.shared", "../shared"));
    static final Path JHMDB = SHARED.resolve("data/jhmdb");
    static final Path MODEL = SHARED.resolve("models/mobilenet_v2/mobilenet_v2_features.onnx");
    static final List<String> CLASSES = List.of("brush_hair", "clap", "golf", "pour");
    static final int CLIPS_PER_CLASS = 6;
    static final int KILL_AFTER_ENTRIES = 5;
    static final Pattern SUMMARY = Pattern.compile("extracted (\\d+) clips, reused (\\d+), unreadable (\\d+)");
    static final Pattern STORE_LINE = Pattern.compile("(?m)^store (.+)$");

    @TempDir
    Path tmp;

    @Test
    void killedExtractionRunAgainGivesIdenticalFeaturesAndDoesNotRedoFinishedClips() throws Exception {
        assumeTrue(Files.isDirectory(JHMDB) && Files.isRegularFile(MODEL),
                "skipped: shared data not found (need " + JHMDB + " and " + MODEL + ")");
        Path data = symlinkDataset(tmp.resolve("data"));
        VideoDataset dataset = FolderPerClassDataset.load(data);
        int total = dataset.size();
        assertThat(total).isEqualTo(CLASSES.size() * CLIPS_PER_CLASS);

        // Reference: uninterrupted, in-process.
        Path storeA = tmp.resolve("storeA");
        CliTestSupport.Result a = CliTestSupport.run(extractArgs(data, storeA));
        assertThat(a.exitCode()).as(a.err()).isZero();
        assertThat(summary(a)).containsExactly(total, 0, 0);

        // A separate JVM killed (SIGKILL) once a few entries are on disk, before all are.
        Path storeB = tmp.resolve("storeB");
        Path log = tmp.resolve("killed-run.log");
        Process p = CliTestSupport.childJvm(extractArgs(data, storeB)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        int seenBeforeKill;
        try {
            seenBeforeKill = waitForEntries(p, storeB, KILL_AFTER_ENTRIES, log);
            p.destroyForcibly();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("killed process ends").isTrue();
        } finally {
            p.destroyForcibly();
        }
        assertThat(p.exitValue()).as("exit status of the killed run (137 = SIGKILL)").isEqualTo(137);
        List<Path> afterKill = files(storeB, ".feat");
        assertThat(afterKill.size()).as("entries after the kill: some, not all")
                .isGreaterThanOrEqualTo(seenBeforeKill).isLessThan(total);
        Path dirB = afterKill.get(0).getParent().getParent().getParent();
        assertThat(Files.readAllLines(log)).as("the killed run never got to its summary")
                .noneMatch(l -> l.startsWith("extracted "));

        // A write cut short leaves a temporary file beside the entries: one may or may not be left by the kill;
        // plant some (empty and half-written) so the next run certainly meets them.
        List<Path> planted = new ArrayList<>();
        byte[] whole = Files.readAllBytes(afterKill.get(0));
        for (Path entry : afterKill) {
            Path part = entry.resolveSibling(".tmp-" + planted.size() + "killed.part");
            Files.write(part, planted.size() % 2 == 0 ? new byte[0] : Arrays.copyOf(whole, whole.length / 2));
            planted.add(part);
        }
        List<Path> parts = files(storeB, ".part");
        System.out.printf("killed after %d entries seen, %d on disk of %d clips; %d .part files left by the kill%n",
                seenBeforeKill, afterKill.size(), total, parts.size() - planted.size());
        Map<Path, Object> fileKeys = new HashMap<>();
        for (Path entry : afterKill) {
            fileKeys.put(entry, fileKey(entry));
        }

        // Run again, in-process: resumes with the clips not yet done.
        CliTestSupport.Result b = CliTestSupport.run(extractArgs(data, storeB));
        assertThat(b.exitCode()).as(b.err()).isZero();
        assertThat(summary(b)).as("extracted, reused, unreadable")
                .containsExactly(total - afterKill.size(), afterKill.size(), 0);
        for (Path entry : afterKill) {
            // Not rewritten: an atomic replace would give the entry a new inode.
            assertThat(fileKey(entry))
                    .as("entry %s kept from the killed run", entry).isEqualTo(fileKeys.get(entry));
        }
        assertThat(files(storeB, ".feat")).hasSize(total);
        assertThat(files(storeB, ".part")).as("temporary files are never taken as entries")
                .containsExactlyInAnyOrderElementsOf(parts);

        // Every clip's descriptors are float-for-float those of the uninterrupted run.
        assertThat(storeDir(b)).isEqualTo(dirB);
        assertThat(storeDir(a).getFileName()).as("same settings digest").isEqualTo(storeDir(b).getFileName());
        FeatureStore fa = reopen(storeA, storeDir(a));
        FeatureStore fb = reopen(storeB, storeDir(b));
        for (VideoClip clip : dataset.clips()) {
            ClipFeatures x = fa.get(clip.relativeName(), clip.path()).orElseThrow();
            ClipFeatures y = fb.get(clip.relativeName(), clip.path()).orElseThrow();
            assertThat(y.frameCount()).isEqualTo(x.frameCount());
            assertThat(y.repeatedFrames()).isEqualTo(x.repeatedFrames());
            assertThat(y.streams().keySet()).containsExactly("rgb", "mhi");
            assertThat(y.streams().keySet()).containsExactlyElementsOf(x.streams().keySet());
            for (String s : x.streams().keySet()) {
                float[][] rx = x.stream(s);
                float[][] ry = y.stream(s);
                assertThat(ry.length).isEqualTo(rx.length);
                for (int i = 0; i < rx.length; i++) {
                    // Arrays.equals compares floats bit for bit (floatToIntBits).
                    assertThat(Arrays.equals(rx[i], ry[i]))
                            .as("%s stream %s row %d bit-identical (max |diff| %s)", clip.relativeName(), s, i,
                                    maxAbsDiff(rx[i], ry[i]))
                            .isTrue();
                }
            }
        }

        // An entry damaged from outside (a flipped byte) is not taken as done: the next run recomputes that clip.
        VideoClip damagedClip = dataset.clips().get(total / 2);
        Path damaged = entryOf(storeB, fb, damagedClip);
        byte[] bytes = Files.readAllBytes(damaged);
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(damaged, bytes);
        assertThat(fb.get(damagedClip.relativeName(), damagedClip.path())).isEmpty();
        CliTestSupport.Result c = CliTestSupport.run(extractArgs(data, storeB));
        assertThat(c.exitCode()).as(c.err()).isZero();
        assertThat(summary(c)).as("extracted, reused, unreadable").containsExactly(1, total - 1, 0);
        ClipFeatures again = fb.get(damagedClip.relativeName(), damagedClip.path()).orElseThrow();
        ClipFeatures reference = fa.get(damagedClip.relativeName(), damagedClip.path()).orElseThrow();
        for (String s : reference.streams().keySet()) {
            assertThat(again.stream(s)).isDeepEqualTo(reference.stream(s));
        }
    }

    /** The entry file of {@code clip}: the one whose inode changes when the store rewrites that clip's entry. */
    private static Path entryOf(Path root, FeatureStore store, VideoClip clip) throws IOException {
        Map<Path, Object> before = new HashMap<>();
        for (Path f : files(root, ".feat")) {
            before.put(f, fileKey(f));
        }
        store.put(clip.path(), store.get(clip.relativeName(), clip.path()).orElseThrow());
        List<Path> rewritten = new ArrayList<>();
        for (Path f : files(root, ".feat")) {
            if (!fileKey(f).equals(before.get(f))) {
                rewritten.add(f);
            }
        }
        assertThat(rewritten).hasSize(1);
        return rewritten.get(0);
    }

    private static Object fileKey(Path f) throws IOException {
        return Files.readAttributes(f, BasicFileAttributes.class).fileKey();
    }

    private static String[] extractArgs(Path data, Path store) {
        return new String[] {"extract", "--data", data.toString(), "--store", store.toString(), "-b", MODEL.toString(),
            "--streams", "rgb,mhi", "--workers", "1"};
    }

    /** {@code <dir>/<class>/<clip>.avi} as symbolic links to the first clips of a few JHMDB classes. */
    private static Path symlinkDataset(Path dir) throws IOException {
        for (String cls : CLASSES) {
            Path target = Files.createDirectories(dir.resolve(cls));
            List<Path> clips;
            try (Stream<Path> s = Files.list(JHMDB.resolve(cls))) {
                clips = s.filter(f -> f.getFileName().toString().endsWith(".avi")).sorted().limit(CLIPS_PER_CLASS).toList();
            }
            assertThat(clips).hasSize(CLIPS_PER_CLASS);
            for (Path clip : clips) {
                Files.createSymbolicLink(target.resolve(clip.getFileName()), clip.toAbsolutePath());
            }
        }
        return dir;
    }

    /** Polls until at least {@code wanted} entries exist; fails if the process ends first or it takes too long. */
    private static int waitForEntries(Process p, Path store, int wanted, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            int n = files(store, ".feat").size();
            if (n >= wanted) {
                return n;
            }
            if (!p.isAlive()) {
                fail("the extract process ended (status " + p.exitValue() + ") with " + n + " entries before it could be "
                        + "killed; its output:\n" + Files.readString(log));
            }
            Thread.sleep(10);
        }
        fail("no " + wanted + " entries after 60 s; output so far:\n" + Files.readString(log));
        return -1;
    }

    /** Files below {@code root} whose names end with {@code suffix}; tolerant of folders appearing meanwhile. */
    private static List<Path> files(Path root, String suffix) throws IOException {
        for (int attempt = 0; ; attempt++) {
            if (!Files.exists(root)) {
                return List.of();
            }
            try (Stream<Path> s = Files.walk(root)) {
                return s.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
            } catch (UncheckedIOException | IOException e) {
                if (attempt >= 5) {
                    throw e;
                }
            }
        }
    }

    private static List<Integer> summary(CliTestSupport.Result r) {
        Matcher m = SUMMARY.matcher(r.out());
        assertThat(m.find()).as("summary line in:\n" + r.out()).isTrue();
        return List.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    }

    private static Path storeDir(CliTestSupport.Result r) {
        Matcher m = STORE_LINE.matcher(r.out());
        assertThat(m.find()).as("store line in:\n" + r.out()).isTrue();
        return Path.of(m.group(1).trim());
    }

    /** Opens the store the command wrote, from the settings it recorded beside the entries. */
    private static FeatureStore reopen(Path root, Path dir) throws IOException {
        Map<String, Object> settings = new ObjectMapper().readValue(dir.resolve("settings.json").toFile(),
                new TypeReference<Map<String, Object>>() { });
        FeatureStore store = new FeatureStore(root, settings);
        assertThat(store.directory()).isEqualTo(dir);
        return store;
    }

    private static float maxAbsDiff(float[] x, float[] y) {
        float max = 0;
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            max = Math.max(max, Math.abs(x[i] - y[i]));
        }
        return max;
    }
}
