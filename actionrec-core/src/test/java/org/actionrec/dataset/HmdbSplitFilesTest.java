package org.actionrec.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.actionrec.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HmdbSplitFilesTest {

    @Test
    void jhmdbSplitsHoldTheCountsOfTheRawFilesAndEveryClipOnExactlyOneSide() throws IOException {
        Path root = SharedData.jhmdb();
        VideoDataset d = FolderPerClassDataset.load(root);
        HmdbSplitFiles protocol = new HmdbSplitFiles(root.resolve("splits"));

        assertThat(protocol.splitNumbers()).containsExactly(1, 2, 3);
        List<Split> splits = protocol.splits(d);
        assertThat(splits).extracting(Split::name).containsExactly("split1", "split2", "split3");
        for (int k = 1; k <= 3; k++) {
            Split s = splits.get(k - 1);
            int[] expected = rawCounts(root.resolve("splits"), k);
            assertThat(s.train()).as("train, split %d", k).hasSize(expected[1]);
            assertThat(s.test()).as("test, split %d", k).hasSize(expected[2]);
            assertThat(s.unused()).hasSize(expected[0]);
            assertThat(s.missing()).isEmpty();
            assertThat(s.unlisted()).isEmpty();
            assertThat(s.train().size() + s.test().size()).isEqualTo(928);
            Set<VideoClip> both = new HashSet<>(s.train());
            both.retainAll(new HashSet<>(s.test()));
            assertThat(both).as("clips on both sides of split %d", k).isEmpty();
            assertThat(new HashSet<>(s.train())).hasSize(s.train().size());
            assertThat(new HashSet<>(s.test())).hasSize(s.test().size());
            Set<VideoClip> union = new HashSet<>(s.train());
            union.addAll(s.test());
            assertThat(union).containsExactlyInAnyOrderElementsOf(d.clips());
        }
    }

    @Test
    void jhmdbSourceVideosNeverFallOnBothSidesWithinAClass() {
        Path root = SharedData.jhmdb();
        VideoDataset d = FolderPerClassDataset.load(root);
        // Grouping is real: 928 clips come from 336 source videos (counted separately with a script over
        // the file names), so an empty overlap below is not the trivial one-clip-per-group case.
        assertThat(d.clips().stream().map(VideoClip::group).distinct()).hasSize(336);
        List<Split> splits = new HmdbSplitFiles(root.resolve("splits")).splits(d);
        for (Split s : splits) {
            assertThat(s.sharedGroupsWithinClass()).as(s.name()).isEmpty();
        }
        // The generated splits keep sources whole per class only: a film cut into clips of several classes
        // (e.g. TrumanShow in run, sit, walk, wave) can train in one class and test in another.
        assertThat(splits).extracting(s -> s.sharedGroups().size()).containsExactly(28, 22, 28);
    }

    @Test
    void handlesCrlfTrailingBlanksNamesWithSpacesAndUnusedClips(@TempDir Path tmp) throws IOException {
        Path root = tmp.resolve("ds");
        for (String f : List.of("a (1)_jump_f_0.avi", "a (1)_jump_f_1.avi", "b_jump_f_0.avi", "c_jump_f_0.avi",
                "d_jump_f_0.avi")) {
            FolderPerClassDatasetTest.touch(root.resolve("jump").resolve(f));
        }
        Path splits = Files.createDirectories(root.resolve("splits"));
        Files.writeString(splits.resolve("jump_test_split1.txt"),
                "a (1)_jump_f_0.avi 1 \r\na (1)_jump_f_1.avi 1\r\nb_jump_f_0.avi\t2  \r\n\r\nc_jump_f_0.avi 0\r\n"
                        + "gone_jump_f_0.avi 2\r\n   \r\n", StandardCharsets.UTF_8);

        VideoDataset d = FolderPerClassDataset.load(root);
        Split s = new HmdbSplitFiles(splits).split(d, 1);

        assertThat(s.train()).extracting(VideoClip::fileName).containsExactly("a (1)_jump_f_0.avi", "a (1)_jump_f_1.avi");
        assertThat(s.test()).extracting(VideoClip::fileName).containsExactly("b_jump_f_0.avi");
        assertThat(s.unused()).extracting(VideoClip::fileName).containsExactly("c_jump_f_0.avi");
        assertThat(s.missing()).containsExactly("jump/gone_jump_f_0.avi");
        assertThat(s.unlisted()).extracting(VideoClip::fileName).containsExactly("d_jump_f_0.avi");
        assertThat(HmdbSplitFiles.readSplitFile(splits.resolve("jump_test_split1.txt")))
                .extracting(HmdbSplitFiles.Entry::line).containsExactly(1, 2, 3, 5, 6);
    }

    @Test
    void missingSplitFileOfAClassIsATypedErrorNamingTheFile(@TempDir Path tmp) throws IOException {
        FolderPerClassDatasetTest.touch(tmp.resolve("jump/a_jump_f_0.avi"));
        FolderPerClassDatasetTest.touch(tmp.resolve("run/a_run_f_0.avi"));
        Path splits = Files.createDirectories(tmp.resolve("splits"));
        Files.writeString(splits.resolve("jump_test_split1.txt"), "a_jump_f_0.avi 1\n");
        VideoDataset d = FolderPerClassDataset.load(tmp);

        Path expected = splits.resolve("run_test_split1.txt");
        assertThatThrownBy(() -> new HmdbSplitFiles(splits).splits(d))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(expected.toString())
                .hasMessageContaining("does not exist")
                .satisfies(e -> assertThat(((DatasetException) e).path()).isEqualTo(expected));
    }

    @Test
    void missingSplitFolderAndBadLinesAreTypedErrors(@TempDir Path tmp) throws IOException {
        Path none = tmp.resolve("splits");
        assertThatThrownBy(() -> new HmdbSplitFiles(none).splitNumbers())
                .isInstanceOf(DatasetException.class).hasMessageContaining(none.toString());

        Path bad = tmp.resolve("x_test_split1.txt");
        Files.writeString(bad, "ok_x_f_0.avi 1\nbroken_x_f_0.avi 3\n");
        assertThatThrownBy(() -> HmdbSplitFiles.readSplitFile(bad))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(bad.toString())
                .hasMessageContaining("line 2");
    }

    @Test
    void aClipGivenTwoSidesIsATypedError(@TempDir Path tmp) throws IOException {
        FolderPerClassDatasetTest.touch(tmp.resolve("jump/a_jump_f_0.avi"));
        Path splits = Files.createDirectories(tmp.resolve("splits"));
        Path file = splits.resolve("jump_test_split1.txt");
        Files.writeString(file, "a_jump_f_0.avi 1\na_jump_f_0.avi 2\n");
        VideoDataset d = FolderPerClassDataset.load(tmp);
        assertThatThrownBy(() -> new HmdbSplitFiles(splits).split(d, 1))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("both");
    }

    /** Lines flagged 0, 1, 2 over all split-k files, counted by plain text handling, independent of the parser. */
    private static int[] rawCounts(Path splitDir, int k) throws IOException {
        int[] counts = new int[3];
        try (Stream<Path> files = Files.list(splitDir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith("_test_split" + k + ".txt")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    String t = line.trim();
                    if (!t.isEmpty()) {
                        counts[t.charAt(t.length() - 1) - '0']++;
                    }
                }
            }
        }
        return counts;
    }
}
