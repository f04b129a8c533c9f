package org.actionrec.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.actionrec.SharedData;
import org.junit.jupiter.api.Test;

class GroupSafeValidationTest {

    @Test
    void jhmdbTrainingSidesSplitWithoutSharingAGroup() {
        Path root = SharedData.jhmdb();
        VideoDataset d = FolderPerClassDataset.load(root);
        for (Split s : new HmdbSplitFiles(root.resolve("splits")).splits(d)) {
            GroupSafeValidation.TrainValidation tv = GroupSafeValidation.withSeed(7).carve(s);
            assertPartition(s.train(), tv);
            assertNoSharedGroup(tv);
            // About a fifth held out, and stratified: most classes get some validation clips.
            double share = (double) tv.validation().size() / s.train().size();
            assertThat(share).as(s.name()).isBetween(0.12, 0.30);
            long classesInValidation = tv.validation().stream().map(VideoClip::label).distinct().count();
            assertThat(classesInValidation).as(s.name()).isGreaterThanOrEqualTo(15);
        }
    }

    @Test
    void deterministicForASeedAndDifferentAcrossSeeds() {
        Path root = SharedData.jhmdb();
        VideoDataset d = FolderPerClassDataset.load(root);
        Split s = new HmdbSplitFiles(root.resolve("splits")).split(d, 1);
        var a = new GroupSafeValidation(0.2, 42).carve(s);
        var b = new GroupSafeValidation(0.2, 42).carve(s);
        var c = new GroupSafeValidation(0.2, 43).carve(s);
        assertThat(a).isEqualTo(b);
        assertThat(c.validation()).isNotEqualTo(a.validation());
    }

    @Test
    void syntheticGroupsStayWholeAndClassesAreStratified() {
        // 4 classes x 10 groups, group sizes 1..4; groups shared across classes, as UCF's g01..g25 are.
        List<VideoClip> clips = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            for (int g = 1; g <= 10; g++) {
                for (int i = 0; i < 1 + (g + c) % 4; i++) {
                    String label = "class" + c;
                    String name = String.format("v_%s_g%02d_c%02d.avi", label, g, i);
                    clips.add(new VideoClip(Path.of("/synthetic", label, name).toAbsolutePath(), label + "/" + name,
                            label, c, GroupIds.of(name, label)));
                }
            }
        }
        Set<List<VideoClip>> distinctValidations = new HashSet<>();
        for (long seed = 0; seed < 10; seed++) {
            var tv = new GroupSafeValidation(0.3, seed).carve(clips);
            assertPartition(clips, tv);
            assertNoSharedGroup(tv);
            assertThat(tv.validation()).isNotEmpty();
            assertThat(tv.train()).isNotEmpty();
            Map<String, Long> perClass = tv.validation().stream()
                    .collect(Collectors.groupingBy(VideoClip::label, Collectors.counting()));
            assertThat(perClass).containsOnlyKeys("class0", "class1", "class2", "class3");
            distinctValidations.add(tv.validation());
        }
        assertThat(distinctValidations).hasSizeGreaterThan(3);
    }

    @Test
    void aSingleGroupStaysInTrainingAndASecondGroupGoesToValidation() {
        VideoClip a = clip("walk", "A_walk_f_0.avi");
        VideoClip b = clip("walk", "A_walk_f_1.avi");
        var single = GroupSafeValidation.withSeed(1).carve(List.of(a, b));
        assertThat(single.train()).containsExactly(a, b);
        assertThat(single.validation()).isEmpty();

        VideoClip c = clip("walk", "B_walk_f_0.avi");
        var two = GroupSafeValidation.withSeed(1).carve(List.of(a, b, c));
        assertThat(two.validation()).containsExactly(c);
        assertThat(two.train()).containsExactly(a, b);
    }

    @Test
    void fractionOutsideZeroToOneIsRejected() {
        assertThatThrownBy(() -> new GroupSafeValidation(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GroupSafeValidation(1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GroupSafeValidation(Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static VideoClip clip(String label, String name) {
        return new VideoClip(Path.of("/x", label, name).toAbsolutePath(), label + "/" + name, label, 0,
                GroupIds.of(name, label));
    }

    private static void assertPartition(List<VideoClip> input, GroupSafeValidation.TrainValidation tv) {
        List<VideoClip> joined = new ArrayList<>(tv.train());
        joined.addAll(tv.validation());
        assertThat(joined).containsExactlyInAnyOrderElementsOf(input);
        assertThat(tv.train()).isSubsetOf(input);
    }

    private static void assertNoSharedGroup(GroupSafeValidation.TrainValidation tv) {
        Set<String> trainGroups = tv.train().stream().map(VideoClip::group).collect(Collectors.toSet());
        assertThat(tv.validation()).extracting(VideoClip::group).doesNotContainAnyElementsOf(trainGroups);
    }
}
