package org.actionrec.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Mmaction2ListsTest {

    @Test
    void classesKeepTheClassListOrder(@TempDir Path tmp) throws IOException {
        List<ManifestDatasetTest.Row> rows = ManifestDatasetTest.rows();
        ManifestDatasetTest.writeVideos(tmp, rows);
        List<String> unsorted = List.of("wave", "jump", "sit");
        LabelledDataset d = DatasetSource.open(ManifestDatasetTest.writeLists(tmp, rows, unsorted), DatasetOptions.DEFAULTS);
        assertThat(d.dataset().classes()).isEqualTo(unsorted);
        assertThat(d.dataset().clips()).allSatisfy(c -> assertThat(c.classIndex()).isEqualTo(unsorted.indexOf(c.label())));
        assertThat(d.dataset().clips().get(0).label()).isEqualTo("wave"); // sorted by class index first
    }

    @Test
    void valIsTheTestSideWithoutATestListAndTrainsBesideOne(@TempDir Path tmp) throws IOException {
        for (String f : List.of("a.mp4", "b.mp4", "c.mp4")) {
            Files.writeString(tmp.resolve(f), "dummy");
        }
        Files.write(tmp.resolve("classes.txt"), List.of("x", "y"));
        Path train = Files.write(tmp.resolve("train.txt"), List.of("a.mp4 0"));
        Files.write(tmp.resolve("val.txt"), List.of("b.mp4 1"));
        Split onlyVal = DatasetSource.open(train, DatasetOptions.DEFAULTS).splits().get(0);
        assertThat(onlyVal.test()).extracting(VideoClip::relativeName).containsExactly("b.mp4");

        Files.write(tmp.resolve("test.txt"), List.of("c.mp4 1"));
        LabelledDataset both = DatasetSource.open(train, DatasetOptions.DEFAULTS);
        assertThat(both.splits().get(0).train()).extracting(VideoClip::relativeName).containsExactly("a.mp4", "b.mp4");
        assertThat(both.splits().get(0).test()).extracting(VideoClip::relativeName).containsExactly("c.mp4");
        assertThat(both.why()).startsWith("MMAction2 lists: training side " + train.toAbsolutePath() + " and "
                + tmp.toAbsolutePath().resolve("val.txt"));
    }

    @Test
    void aLoneListGetsGroupKFoldAndAGivenClassListAndVideoRoot(@TempDir Path tmp) throws IOException {
        Path videos = Files.createDirectories(tmp.resolve("videos"));
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            Files.writeString(videos.resolve("v_Walk_g0" + i + "_c01.avi"), "dummy");
            list.append("v_Walk_g0").append(i).append("_c01.avi 0\n");
        }
        Path lists = Files.createDirectories(tmp.resolve("lists"));
        Path train = Files.writeString(lists.resolve("ann_train.txt"), list);
        Path classes = Files.write(tmp.resolve("labels.txt"), List.of("Walk"));
        LabelledDataset d = DatasetSource.open(train, DatasetOptions.DEFAULTS.withClassList(classes)
                .withVideoRoot(videos).withFolds(3));
        assertThat(d.protocol()).isEqualTo(new GroupKFold(3, 42));
        assertThat(d.officialSplits()).isFalse();
        assertThat(d.why()).isEqualTo("no val or test list beside " + train.toAbsolutePath()
                + ": 3 grouped, stratified folds, seed 42; groups: from file names (UCF101/UCF50 _gXX_ convention)");
        assertThat(d.dataset().root()).isEqualTo(videos.toAbsolutePath());
    }

    @Test
    void missingVideosAreListedAsMissingInTheSplit(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("a.mp4"), "dummy");
        Files.writeString(tmp.resolve("c.mp4"), "dummy");
        Files.write(tmp.resolve("classes.txt"), List.of("x", "y"));
        Path train = Files.write(tmp.resolve("train.txt"), List.of("a.mp4 0", "gone.mp4 1"));
        Files.write(tmp.resolve("test.txt"), List.of("c.mp4 1"));
        Split s = DatasetSource.open(train, DatasetOptions.DEFAULTS).splits().get(0);
        assertThat(s.missing()).containsExactly("gone.mp4");
        assertThat(s.train()).extracting(VideoClip::relativeName).containsExactly("a.mp4");
    }

    @Test
    void badListsNameTheListLineAndCause(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("a.mp4"), "dummy");
        Path train = Files.write(tmp.resolve("train.txt"), List.of("a.mp4 0", "a.mp4 9"));
        assertThatThrownBy(() -> DatasetSource.open(train, DatasetOptions.DEFAULTS))
                .isInstanceOf(DatasetException.class).hasMessageContaining(tmp.resolve("classes.txt").toString())
                .hasMessageContaining("class list does not exist");
        Files.write(tmp.resolve("classes.txt"), List.of("x", "y"));
        assertThatThrownBy(() -> DatasetSource.open(train, DatasetOptions.DEFAULTS))
                .isInstanceOf(DatasetException.class).hasMessageContaining(train + ": line 2: label index 9 is out "
                        + "of range: the class list " + tmp.resolve("classes.txt") + " has 2 classes (0-1)");
        Files.write(train, List.of("a.mp4 zero"));
        assertThatThrownBy(() -> DatasetSource.open(train, DatasetOptions.DEFAULTS))
                .isInstanceOf(DatasetException.class).hasMessageContaining("line 1: label index 'zero' is not a whole number");
        Files.write(train, List.of("a.mp4 120 0"));
        assertThatThrownBy(() -> DatasetSource.open(train, DatasetOptions.DEFAULTS))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("line 1: expected '<relative/path.ext> <label index>', got 'a.mp4 120 0'");
        Files.write(train, List.of("a.mp4 0"));
        Files.write(tmp.resolve("test.txt"), List.of("a.mp4 1"));
        assertThatThrownBy(() -> DatasetSource.open(train, DatasetOptions.DEFAULTS))
                .isInstanceOf(DatasetException.class).hasMessageContaining("test.txt: line 1: a.mp4 is already listed "
                        + "(train.txt line 1) as label x, train, here as label y, test");
        Files.writeString(tmp.resolve("classes.txt"), "x\n\ny\n");
        assertThatThrownBy(() -> DatasetSource.open(train, DatasetOptions.DEFAULTS))
                .isInstanceOf(DatasetException.class).hasMessageContaining("blank line before line 3");
    }
}
