package org.actionrec.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.actionrec.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Ucf101SplitListsTest {

    private static Ucf101SplitLists official() {
        return new Ucf101SplitLists(SharedData.ucf101Sample().resolve("ucfTrainTestlist"));
    }

    @Test
    void officialListsReadAsTheirPublishedCountsOver101Classes() {
        Ucf101SplitLists lists = official();
        assertThat(lists.classIndex()).hasSize(101).startsWith("ApplyEyeMakeup", "ApplyLipstick", "Archery")
                .endsWith("YoYo");
        assertThat(lists.splitNumbers()).containsExactly(1, 2, 3);
        int[][] expected = {{9537, 3783}, {9586, 3734}, {9624, 3696}};
        for (int k = 1; k <= 3; k++) {
            List<Ucf101SplitLists.ListEntry> train = lists.trainList(k);
            List<Ucf101SplitLists.ListEntry> test = lists.testList(k);
            assertThat(train).as("train list %d", k).hasSize(expected[k - 1][0]);
            assertThat(test).as("test list %d", k).hasSize(expected[k - 1][1]);
            assertThat(train.stream().map(Ucf101SplitLists.ListEntry::label).distinct()).hasSize(101);
            assertThat(test.stream().map(Ucf101SplitLists.ListEntry::label).distinct()).hasSize(101);
            // CRLF must not leak into names, and every entry has a g01..g25 group.
            assertThat(train).allSatisfy(e -> {
                assertThat(e.relativePath()).endsWith(".avi").doesNotContain("\r");
                assertThat(e.group()).matches("g(0[1-9]|1\\d|2[0-5])");
            });
            // The official protocol holds whole groups out: no group number on both sides.
            Set<String> trainGroups = train.stream().map(Ucf101SplitLists.ListEntry::group).collect(Collectors.toSet());
            Set<String> testGroups = test.stream().map(Ucf101SplitLists.ListEntry::group).collect(Collectors.toSet());
            assertThat(testGroups).hasSize(7).doesNotContainAnyElementsOf(trainGroups);
            Set<String> trainPaths = new HashSet<>();
            train.forEach(e -> trainPaths.add(e.relativePath()));
            assertThat(trainPaths).hasSize(train.size());
            assertThat(test).noneMatch(e -> trainPaths.contains(e.relativePath()));
        }
        assertThat(lists.trainList(1).get(0)).isEqualTo(new Ucf101SplitLists.ListEntry(
                "ApplyEyeMakeup", "ApplyEyeMakeup/v_ApplyEyeMakeup_g08_c01.avi", "g08", 1));
    }

    @Test
    void sampleDatasetMapsTheListsOntoThe20ClipsPresent() {
        VideoDataset d = FolderPerClassDataset.load(SharedData.ucf101Sample());
        Ucf101SplitLists lists = official();
        List<Split> splits = lists.splits(d);
        assertThat(splits).hasSize(3);
        for (int k = 1; k <= 3; k++) {
            Split s = splits.get(k - 1);
            int listed = lists.trainList(k).size() + lists.testList(k).size();
            assertThat(s.train().size() + s.test().size() + s.unlisted().size()).isEqualTo(20);
            assertThat(s.unlisted()).isEmpty();
            assertThat(s.missing()).hasSize(listed - 20);
            assertThat(s.sharedGroups()).isEmpty();
        }
        // Split 1 tests groups 1..7, splits 2 and 3 test 8..14 and 15..21: the sample's g01, g03 and g06 clips
        // are all on the test side of split 1 and all on the training side of splits 2 and 3.
        assertThat(splits.get(0).test()).hasSize(20).extracting(VideoClip::group).containsOnly("g01", "g03", "g06");
        assertThat(splits.get(0).train()).isEmpty();
        assertThat(splits.get(1).train()).hasSize(20);
        assertThat(splits.get(2).train()).hasSize(20);
    }

    @Test
    void missingListFilesAreTypedErrorsNamingThem(@TempDir Path tmp) throws IOException {
        Ucf101SplitLists lists = new Ucf101SplitLists(tmp);
        assertThatThrownBy(lists::classIndex).isInstanceOf(DatasetException.class)
                .hasMessageContaining(tmp.resolve("classInd.txt").toString());
        Files.writeString(tmp.resolve("classInd.txt"), "1 Jump\r\n2 Run\r\n");
        Files.writeString(tmp.resolve("trainlist01.txt"), "Jump/v_Jump_g01_c01.avi 1\r\n");
        assertThatThrownBy(() -> lists.testList(1)).isInstanceOf(DatasetException.class)
                .hasMessageContaining(tmp.resolve("testlist01.txt").toString())
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> new Ucf101SplitLists(tmp.resolve("absent")).splitNumbers())
                .isInstanceOf(DatasetException.class).hasMessageContaining(tmp.resolve("absent").toString());
    }

    @Test
    void wrongClassNumbersAndUnknownClassesAreTypedErrors(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("classInd.txt"), "1 Jump\r\n2 Run\r\n");
        Files.writeString(tmp.resolve("trainlist01.txt"), "Jump/v_Jump_g01_c01.avi 1\r\nRun/v_Run_g01_c01.avi 1\r\n");
        Files.writeString(tmp.resolve("testlist01.txt"), "Swim/v_Swim_g02_c01.avi\r\n");
        Ucf101SplitLists lists = new Ucf101SplitLists(tmp);
        assertThatThrownBy(() -> lists.trainList(1)).isInstanceOf(DatasetException.class)
                .hasMessageContaining("trainlist01.txt").hasMessageContaining("line 2");
        assertThatThrownBy(() -> lists.testList(1)).isInstanceOf(DatasetException.class)
                .hasMessageContaining("testlist01.txt").hasMessageContaining("Swim");
    }
}
