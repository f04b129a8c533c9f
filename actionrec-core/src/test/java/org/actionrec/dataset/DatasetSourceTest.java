package org.actionrec.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.actionrec.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetSourceTest {

    /** Two classes of HMDB-style names, 6 source videos each, two clips per source. */
    static Path hmdbStyleFolder(Path root) throws IOException {
        for (String label : new String[] {"wave", "walk"}) {
            for (int source = 0; source < 6; source++) {
                for (int clip = 0; clip < 2; clip++) {
                    FolderPerClassDatasetTest.touch(root.resolve(label + "/movie" + source + "_" + label
                            + "_f_cm_np1_fr_med_" + clip + ".avi"));
                }
            }
        }
        return root;
    }

    @Test
    void folderWithoutSplitFilesGetsGroupKFoldWithItsReason(@TempDir Path tmp) throws IOException {
        Path root = hmdbStyleFolder(tmp.resolve("mine"));
        LabelledDataset d = DatasetSource.open(root, DatasetOptions.DEFAULTS);
        assertThat(d.protocol()).isEqualTo(new GroupKFold(5, 42));
        assertThat(d.protocol().name()).isEqualTo("group-kfold(k=5, seed=42)");
        assertThat(d.why()).isEqualTo("no split files found under " + root.toAbsolutePath()
                + " (splits/ or ucfTrainTestlist/): 5 grouped, stratified folds, seed 42; "
                + "groups: from file names (HMDB/JHMDB source video)");
        assertThat(d.officialSplits()).isFalse();
        assertThat(d.groupsKnown()).isTrue();
        assertThat(d.splits()).hasSize(5).allSatisfy(s -> assertThat(s.sharedGroups()).isEmpty());
        assertThat(d.dataset().clips()).extracting(VideoClip::group).contains("movie0", "movie5");
    }

    @Test
    void foldsAndSeedComeFromTheOptions(@TempDir Path tmp) throws IOException {
        Path root = hmdbStyleFolder(tmp);
        LabelledDataset d = DatasetSource.open(root, DatasetOptions.DEFAULTS.withFolds(3).withSeed(7));
        assertThat(d.protocol().name()).isEqualTo("group-kfold(k=3, seed=7)");
        assertThat(d.why()).contains(": 3 grouped, stratified folds, seed 7; ");
        assertThat(d.splits()).extracting(Split::name).containsExactly("fold1", "fold2", "fold3");
    }

    @Test
    void perClipNamesSayLeakageCannotBeRuledOut(@TempDir Path tmp) throws IOException {
        for (int i = 0; i < 5; i++) {
            FolderPerClassDatasetTest.touch(tmp.resolve("jump/clip" + i + ".mp4"));
            FolderPerClassDatasetTest.touch(tmp.resolve("sit/IMG_" + (100 + i) + ".mp4"));
        }
        LabelledDataset d = DatasetSource.open(tmp, DatasetOptions.DEFAULTS);
        assertThat(d.groupsKnown()).isFalse();
        assertThat(d.why()).endsWith("; groups: none found – each clip is its own group; leakage between "
                + "near-duplicate clips cannot be ruled out");
        assertThat(GroupIds.matchesConvention("clip0.mp4", "jump")).isFalse();
    }

    @Test
    void partlyGroupedNamesSayHowManyClipsAreTheirOwnGroup(@TempDir Path tmp) throws IOException {
        for (int i = 1; i <= 5; i++) {
            FolderPerClassDatasetTest.touch(tmp.resolve("Run/v_Run_g0" + i + "_c01.avi"));
            FolderPerClassDatasetTest.touch(tmp.resolve("Sit/sit" + i + ".avi"));
        }
        LabelledDataset d = DatasetSource.open(tmp, DatasetOptions.DEFAULTS);
        assertThat(d.groupsKnown()).isFalse();
        assertThat(d.why()).contains("groups: from file names (UCF101/UCF50 _gXX_ convention) for 5 of 10 clips; "
                + "the other 5 clips are each their own group, so leakage between near-duplicate clips cannot be "
                + "ruled out for them");
    }

    @Test
    void folderWithOfficialSplitsKeepsThem() {
        Path jhmdb = SharedData.jhmdb();
        LabelledDataset d = DatasetSource.open(jhmdb, DatasetOptions.DEFAULTS);
        assertThat(d.protocol()).isInstanceOf(HmdbSplitFiles.class);
        assertThat(d.officialSplits()).isTrue();
        assertThat(d.groupsKnown()).isTrue();
        assertThat(d.why()).isEqualTo("official splits: HMDB51/JHMDB split files in " + jhmdb.resolve("splits")
                + "; groups: from file names (HMDB/JHMDB source video)");
        assertThat(d.splits()).hasSize(3);
    }

    @Test
    void ucfSampleKeepsItsListsAndKnowsItsGroups() {
        LabelledDataset d = DatasetSource.open(SharedData.ucf101Sample(), DatasetOptions.DEFAULTS);
        assertThat(d.protocol()).isInstanceOf(Ucf101SplitLists.class);
        assertThat(d.why()).startsWith("official splits: UCF101 lists in ")
                .endsWith("groups: from file names (UCF101/UCF50 _gXX_ convention)");
    }

    @Test
    void refusesWhatIsNotADatasetAndOptionsThatDoNotApply(@TempDir Path tmp) throws IOException {
        assertThatThrownBy(() -> DatasetSource.open(tmp.resolve("absent"), DatasetOptions.DEFAULTS))
                .isInstanceOf(DatasetException.class).hasMessageContaining("absent").hasMessageContaining("does not exist");
        Path json = Files.writeString(tmp.resolve("clips.json"), "{}");
        assertThatThrownBy(() -> DatasetSource.open(json, DatasetOptions.DEFAULTS))
                .isInstanceOf(DatasetException.class).hasMessageContaining("clips.json")
                .hasMessageContaining("not a dataset folder, a .csv/.tsv manifest or an MMAction2 .txt list");
        Path root = hmdbStyleFolder(tmp.resolve("data"));
        assertThatThrownBy(() -> DatasetSource.open(root, DatasetOptions.DEFAULTS.withClassList(tmp.resolve("c.txt"))))
                .isInstanceOf(DatasetException.class).hasMessageContaining("class list applies only to MMAction2");
        assertThatThrownBy(() -> DatasetSource.open(root, DatasetOptions.DEFAULTS.withVideoRoot(tmp)))
                .isInstanceOf(DatasetException.class).hasMessageContaining("video root applies only to lists");
        assertThatThrownBy(() -> DatasetOptions.DEFAULTS.withFolds(1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void summaryCarriesTheProtocolAndItsReason(@TempDir Path tmp) throws IOException {
        DatasetSummary s = DatasetSummary.describe(hmdbStyleFolder(tmp));
        assertThat(s.protocol()).isEqualTo("group-kfold(k=5, seed=42)");
        assertThat(s.protocolReason()).startsWith("no split files found under ");
        assertThat(s.officialSplits()).isFalse();
        assertThat(s.groupsKnown()).isTrue();
        // 6 sources of 2 clips per class over 5 folds: each fold tests at least one source of each class
        assertThat(s.splits()).extracting(DatasetSummary.SplitSize::test).allSatisfy(n -> assertThat(n).isBetween(4, 8));
        assertThat(s.splits().stream().mapToInt(DatasetSummary.SplitSize::test).sum()).isEqualTo(24);
    }
}
