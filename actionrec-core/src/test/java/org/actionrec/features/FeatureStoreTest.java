package org.actionrec.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureStoreTest {
    @TempDir
    Path tmp;

    private ClipFeatures sample(String clip) {
        return new ClipFeatures(clip, 33, false, Map.of("rgb", new float[][] {{1f, 2f, 3f}, {4f, 5f, 6f}},
                "mhi", new float[][] {{-1f, 0.5f, 7f}, {0f, 0f, Float.MIN_VALUE}}));
    }

    @Test
    void roundTripsAnEntry() throws Exception {
        Path video = Files.writeString(tmp.resolve("a.avi"), "video bytes");
        FeatureStore store = new FeatureStore(tmp.resolve("store"), Map.of("backbone", "x", "k", 5));
        assertThat(store.get("c/a.avi", video)).isEmpty();
        store.put(video, sample("c/a.avi"));
        ClipFeatures back = store.get("c/a.avi", video).orElseThrow();
        assertThat(back.frameCount()).isEqualTo(33);
        assertThat(back.stream("rgb")).isDeepEqualTo(sample("c/a.avi").stream("rgb"));
        assertThat(back.stream("mhi")).isDeepEqualTo(sample("c/a.avi").stream("mhi"));
        assertThat(Files.exists(store.directory().resolve("settings.json"))).isTrue();
        // Other stores of the same descriptors (Parquet on Spark) key them by the same digest.
        assertThat(FeatureStore.digestOf(Map.of("k", 5, "backbone", "x"))).isEqualTo(store.settingsDigest())
                .isEqualTo(store.directory().getFileName().toString());
        assertThat(FeatureStore.digestOf(Map.of("k", 6, "backbone", "x"))).isNotEqualTo(store.settingsDigest());
        assertThat(Files.readAllBytes(store.directory().resolve("settings.json")))
                .isEqualTo(FeatureStore.canonicalSettings(Map.of("backbone", "x", "k", 5)));
    }

    @Test
    void changedSettingsOrChangedFileAreNeverServedStaleFeatures() throws Exception {
        Path video = Files.writeString(tmp.resolve("a.avi"), "video bytes");
        FeatureStore store = new FeatureStore(tmp.resolve("store"), Map.of("backbone", "x", "k", 5));
        store.put(video, sample("c/a.avi"));
        FeatureStore other = new FeatureStore(tmp.resolve("store"), Map.of("backbone", "x", "k", 3));
        assertThat(other.directory()).isNotEqualTo(store.directory());
        assertThat(other.get("c/a.avi", video)).isEmpty();
        // Same settings in another order: same store.
        FeatureStore same = new FeatureStore(tmp.resolve("store"), Map.of("k", 5, "backbone", "x"));
        assertThat(same.get("c/a.avi", video)).isPresent();
        Files.writeString(video, "edited video bytes");
        Files.setLastModifiedTime(video, FileTime.fromMillis(System.currentTimeMillis() + 5000));
        assertThat(store.get("c/a.avi", video)).isEmpty();
    }

    @Test
    void aCopyOfTheSameVideoWithANewModificationTimeFindsItsEntry() throws Exception {
        Path video = Files.writeString(tmp.resolve("a.avi"), "video bytes");
        FeatureStore store = new FeatureStore(tmp.resolve("store"), Map.of("backbone", "x"));
        store.put(video, sample("c/a.avi"));
        // a dataset copied or restored: same bytes, a new file time
        Path copy = Files.copy(video, Files.createDirectories(tmp.resolve("copied")).resolve("a.avi"));
        Files.setLastModifiedTime(copy, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        FeatureStore reopened = new FeatureStore(tmp.resolve("store"), Map.of("backbone", "x"));
        assertThat(reopened.get("c/a.avi", copy)).isPresent();
        // same size, other bytes, a new file time: not served
        Files.writeString(copy, "video bytez");
        Files.setLastModifiedTime(copy, FileTime.fromMillis(System.currentTimeMillis() + 120_000));
        assertThat(reopened.get("c/a.avi", copy)).isEmpty();
        assertThat(tmp.resolve("store/clip-digests.tsv")).exists();
    }

    @Test
    void aDamagedEntryIsTreatedAsMissing() throws Exception {
        Path video = Files.writeString(tmp.resolve("a.avi"), "video bytes");
        FeatureStore store = new FeatureStore(tmp.resolve("store"), Map.of("backbone", "x"));
        store.put(video, sample("c/a.avi"));
        Path entry;
        try (var s = Files.walk(store.directory().resolve("clips"))) {
            entry = s.filter(p -> p.toString().endsWith(".feat")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(entry);
        bytes[bytes.length / 2] ^= 0x5A;
        assertThat(store.contains("c/a.avi", video)).isTrue();
        Files.write(entry, bytes);
        assertThat(store.get("c/a.avi", video)).isEmpty();
        // Not taken as done either: extraction skips the clips the store contains.
        assertThat(store.contains("c/a.avi", video)).isFalse();
        Files.write(entry, java.util.Arrays.copyOf(bytes, 10));
        assertThat(store.get("c/a.avi", video)).isEmpty();
        assertThat(store.contains("c/a.avi", video)).isFalse();
    }
}
