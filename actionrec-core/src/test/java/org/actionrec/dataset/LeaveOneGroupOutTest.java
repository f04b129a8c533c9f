package org.actionrec.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeaveOneGroupOutTest {

    @Test
    void ucf50LayoutGives25SplitsEachTestingOneGroup(@TempDir Path tmp) throws IOException {
        List<String> classes = List.of("BaseballPitch", "Basketball", "JumpRope");
        for (String c : classes) {
            for (int g = 1; g <= 25; g++) {
                for (int clip = 1; clip <= 2 + g % 3; clip++) {
                    FolderPerClassDatasetTest.touch(tmp.resolve(c).resolve(String.format("v_%s_g%02d_c%02d.avi", c, g, clip)));
                }
            }
        }
        VideoDataset d = FolderPerClassDataset.load(tmp);
        List<Split> splits = new LeaveOneGroupOut().splits(d);

        assertThat(splits).hasSize(25);
        for (int k = 1; k <= 25; k++) {
            Split s = splits.get(k - 1);
            String group = String.format("g%02d", k);
            int perClass = 2 + k % 3;
            assertThat(s.name()).isEqualTo("split" + k);
            assertThat(s.test()).hasSize(3 * perClass).extracting(VideoClip::group).containsOnly(group);
            assertThat(s.train()).hasSize(d.size() - 3 * perClass).extracting(VideoClip::group).doesNotContain(group);
            assertThat(s.train().stream().map(VideoClip::group).distinct()).hasSize(24);
            assertThat(s.sharedGroups()).isEmpty();
        }
    }

    @Test
    void ucf11NestedLayoutGroupsByTheFolderNumber(@TempDir Path tmp) throws IOException {
        for (String[] c : new String[][] {{"basketball", "shooting"}, {"biking", "cycling"}}) {
            for (int g = 1; g <= 4; g++) {
                for (int clip = 1; clip <= 3; clip++) {
                    String folder = String.format("v_%s_%02d", c[1], g);
                    FolderPerClassDatasetTest.touch(tmp.resolve(c[0]).resolve(folder)
                            .resolve(String.format("%s_%02d.avi", folder, clip)));
                }
            }
        }
        VideoDataset d = FolderPerClassDataset.load(tmp);
        assertThat(d.classes()).containsExactly("basketball", "biking");
        List<Split> splits = new LeaveOneGroupOut().splits(d);
        assertThat(splits).hasSize(4);
        assertThat(splits.get(2).test()).hasSize(6).extracting(VideoClip::group).containsOnly("g03");
        assertThat(splits.get(2).train()).hasSize(18);
    }

    @Test
    void explicitGroupsMustHaveClips(@TempDir Path tmp) throws IOException {
        FolderPerClassDatasetTest.touch(tmp.resolve("Run/v_Run_g01_c01.avi"));
        FolderPerClassDatasetTest.touch(tmp.resolve("Run/v_Run_g02_c01.avi"));
        VideoDataset d = FolderPerClassDataset.load(tmp);
        assertThat(new LeaveOneGroupOut(List.of("g02")).splits(d)).singleElement()
                .satisfies(s -> assertThat(s.test()).extracting(VideoClip::group).containsExactly("g02"));
        assertThatThrownBy(() -> new LeaveOneGroupOut(List.of("g01", "g09")).splits(d))
                .isInstanceOf(DatasetException.class).hasMessageContaining("g09").hasMessageContaining(tmp.toString());
    }
}
