package org.actionrec.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.actionrec.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderPerClassDatasetTest {

    @Test
    void loadsJhmdbWith21ClassesAnd928ClipsSorted() {
        VideoDataset d = FolderPerClassDataset.load(SharedData.jhmdb());
        assertThat(d.classes()).hasSize(21).isSorted().doesNotContain("splits");
        assertThat(d.size()).isEqualTo(928);
        assertThat(d.clips()).isSortedAccordingTo(Comparator.comparingInt(VideoClip::classIndex)
                .thenComparing(VideoClip::relativeName));
        assertThat(d.clips()).allSatisfy(c -> {
            assertThat(c.path()).isAbsolute().exists();
            assertThat(c.relativeName()).isEqualTo(c.label() + "/" + c.fileName());
            assertThat(d.classes().get(c.classIndex())).isEqualTo(c.label());
        });
        assertThat(d.clipsPerClass().values()).allSatisfy(n -> assertThat(n).isBetween(36, 55));
        assertThat(d.skipped()).isEmpty();
        VideoClip first = d.clipsOf("brush_hair").get(0);
        assertThat(first.fileName()).isEqualTo("April_09_brush_hair_u_nm_np1_ba_goo_0.avi");
        assertThat(first.group()).isEqualTo("April_09");
    }

    @Test
    void ucf101SampleTakesSevenClassesAndSkipsTheListFolder() {
        VideoDataset d = FolderPerClassDataset.load(SharedData.ucf101Sample());
        assertThat(d.classes()).containsExactly("ApplyEyeMakeup", "Archery", "BenchPress", "Biking", "Diving",
                "HeadMassage", "LongJump");
        assertThat(d.size()).isEqualTo(20);
        assertThat(d.skipped()).extracting(s -> s.path().getFileName().toString())
                .contains("ucfTrainTestlist", "classInd.txt");
    }

    @Test
    void loadsNamesWithSpacesBracketsSymbolsAndNonAsciiLetters(@TempDir Path tmp) throws IOException {
        Path root = tmp.resolve("data set [v1] & more!");
        touch(root.resolve("Brush Hair (ü)/Clip @home & café! [1]_Brush Hair (ü)_u_nm_0.avi"));
        touch(root.resolve("Brush Hair (ü)/Ärger im Büro_Brush Hair (ü)_f_1.MP4"));
        touch(root.resolve("Ωmega&co@x!/v_Ωmega&co@x!_g03_c01.mkv"));
        touch(root.resolve("Ωmega&co@x!/notes.txt"));
        touch(root.resolve("Ωmega&co@x!/.hidden.avi"));
        touch(root.resolve(".git/config.avi"));
        touch(root.resolve("splits/Ωmega&co@x!_test_split1.txt"));
        touch(root.resolve("README.md"));

        VideoDataset d = FolderPerClassDataset.load(root);

        assertThat(d.classes()).containsExactly("Brush Hair (ü)", "Ωmega&co@x!");
        assertThat(d.clips()).extracting(VideoClip::relativeName).containsExactly(
                "Brush Hair (ü)/Clip @home & café! [1]_Brush Hair (ü)_u_nm_0.avi",
                "Brush Hair (ü)/Ärger im Büro_Brush Hair (ü)_f_1.MP4",
                "Ωmega&co@x!/v_Ωmega&co@x!_g03_c01.mkv");
        assertThat(d.clips()).extracting(VideoClip::group)
                .containsExactly("Clip @home & café! [1]", "Ärger im Büro", "g03");
        assertThat(d.clips()).allSatisfy(c -> assertThat(c.path()).exists().hasSize(0));
        assertThat(d.skipped()).extracting(s -> s.path().getFileName().toString())
                .containsExactlyInAnyOrder("notes.txt", "README.md");
    }

    @Test
    void clipsInSubfoldersOfAClassAreFound(@TempDir Path tmp) throws IOException {
        touch(tmp.resolve("basketball/v_shooting_01/v_shooting_01_01.avi"));
        touch(tmp.resolve("basketball/v_shooting_02/v_shooting_02_03.avi"));
        VideoDataset d = FolderPerClassDataset.load(tmp);
        assertThat(d.clips()).extracting(VideoClip::relativeName)
                .containsExactly("basketball/v_shooting_01/v_shooting_01_01.avi",
                        "basketball/v_shooting_02/v_shooting_02_03.avi");
        assertThat(d.clips()).extracting(VideoClip::group).containsExactly("g01", "g02");
    }

    @Test
    void linkedClassFoldersAreFollowed(@TempDir Path tmp) throws IOException {
        touch(tmp.resolve("elsewhere/run/a.avi"));
        Path root = Files.createDirectories(tmp.resolve("data"));
        Files.createSymbolicLink(root.resolve("run"), tmp.resolve("elsewhere/run"));
        assertThat(FolderPerClassDataset.load(root).clips()).extracting(VideoClip::relativeName)
                .containsExactly("run/a.avi");
    }

    @Test
    void missingRootIsATypedErrorNamingThePath(@TempDir Path tmp) {
        Path missing = tmp.resolve("no such dataset");
        assertThatThrownBy(() -> FolderPerClassDataset.load(missing))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist")
                .satisfies(e -> assertThat(((DatasetException) e).path()).isEqualTo(missing));
    }

    @Test
    void rootWithoutClassFoldersIsATypedError(@TempDir Path tmp) throws IOException {
        touch(tmp.resolve("docs/readme.txt"));
        touch(tmp.resolve("loose.avi"));
        assertThatThrownBy(() -> FolderPerClassDataset.load(tmp))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(tmp.toString())
                .hasMessageContaining("no class folders");
    }

    @Test
    void rootThatIsAFileIsATypedError(@TempDir Path tmp) throws IOException {
        Path file = touch(tmp.resolve("a.avi"));
        assertThatThrownBy(() -> FolderPerClassDataset.load(file))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not a folder");
    }

    @Test
    void videoExtensionsAreRecognisedWhateverTheirCase() {
        assertThat(List.of("a.avi", "b.MP4", "c.Mkv", "d.webm", "e.mov", "f.mpg", "g.MPEG", "h.m4v"))
                .allSatisfy(n -> assertThat(FolderPerClassDataset.isVideoFile(n)).as(n).isTrue());
        assertThat(List.of("a.txt", "avi", ".avi", "b.avi.part", "c.jpg"))
                .allSatisfy(n -> assertThat(FolderPerClassDataset.isVideoFile(n)).as(n).isFalse());
    }

    static Path touch(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.createFile(file);
    }
}
