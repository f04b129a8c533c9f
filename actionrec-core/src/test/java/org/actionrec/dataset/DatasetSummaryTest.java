package org.actionrec.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.actionrec.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetSummaryTest {

    @Test
    void jhmdbSummaryHasClassesAndThreeSplits() {
        DatasetSummary s = DatasetSummary.describe(SharedData.jhmdb());
        assertThat(s.classes()).hasSize(21);
        assertThat(s.classes().stream().mapToInt(DatasetSummary.ClassCount::clips).sum()).isEqualTo(928);
        assertThat(s.clips()).isEqualTo(928);
        assertThat(s.protocol()).startsWith("hmdb-split-files:");
        assertThat(s.splits()).hasSize(3).allSatisfy(split -> {
            assertThat(split.train() + split.test()).isEqualTo(928);
            assertThat(split.test()).isBetween(200, 400);
            assertThat(split.missing()).isZero();
            assertThat(split.sharedGroupsWithinClass()).isZero();
        });
    }

    @Test
    void ucfSampleSummaryCountsMissingListedClips() {
        DatasetSummary s = DatasetSummary.describe(SharedData.ucf101Sample());
        assertThat(s.classes()).hasSize(7);
        assertThat(s.classes().get(0)).isEqualTo(new DatasetSummary.ClassCount("ApplyEyeMakeup", 6));
        assertThat(s.protocol()).startsWith("ucf101-lists:");
        assertThat(s.splits()).extracting(DatasetSummary.SplitSize::missing)
                .containsExactly(9537 + 3783 - 20, 9586 + 3734 - 20, 9624 + 3696 - 20);
    }

    @Test
    void folderWithoutSplitsHasNoProtocol(@TempDir Path tmp) throws IOException {
        FolderPerClassDatasetTest.touch(tmp.resolve("Run/v_Run_g01_c01.avi"));
        DatasetSummary s = DatasetSummary.of(FolderPerClassDataset.load(tmp), Optional.empty());
        assertThat(s.protocol()).isNull();
        assertThat(s.splits()).isEmpty();
        assertThat(s.classes()).containsExactly(new DatasetSummary.ClassCount("Run", 1));
    }
}
