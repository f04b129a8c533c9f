package org.actionrec.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.actionrec.SharedData;
import org.junit.jupiter.api.Test;

class GroupKFoldTest {
    private static final Path ROOT = Path.of("/data/synthetic").toAbsolutePath();

    /** Classes a, b, c; class a has 12 groups, b 7, c 3 (fewer than k); group sizes 1-4; one group spans a and b. */
    static VideoDataset synthetic() {
        List<String> classes = List.of("a", "b", "c");
        List<VideoClip> clips = new ArrayList<>();
        int[] groupsPerClass = {12, 7, 3};
        for (int c = 0; c < classes.size(); c++) {
            for (int g = 0; g < groupsPerClass[c]; g++) {
                int size = 1 + (g * 7 + c) % 4;
                for (int i = 0; i < size; i++) {
                    clips.add(clip(classes, c, classes.get(c) + "-g" + g, i));
                }
            }
        }
        // a source video that gave clips to two classes
        clips.add(clip(classes, 0, "shared", 0));
        clips.add(clip(classes, 1, "shared", 1));
        return new VideoDataset(ROOT, classes, clips, List.of());
    }

    private static VideoClip clip(List<String> classes, int c, String group, int i) {
        String name = classes.get(c) + "/" + group + "_" + i + ".avi";
        return new VideoClip(ROOT.resolve(name), name, classes.get(c), c, group);
    }

    @Test
    void nameAndFoldNamesCarryTheRealValues() {
        assertThat(GroupKFold.defaults().name()).isEqualTo("group-kfold(k=5, seed=42)");
        assertThat(new GroupKFold(3, 7).name()).isEqualTo("group-kfold(k=3, seed=7)");
        assertThat(new GroupKFold(3, 7).splits(synthetic())).extracting(Split::name)
                .containsExactly("fold1", "fold2", "fold3");
    }

    @Test
    void noGroupIsOnBothSidesOfAnyFold() {
        for (Split s : GroupKFold.defaults().splits(synthetic())) {
            assertThat(s.sharedGroups()).as(s.name()).isEmpty();
            assertThat(s.train().size() + s.test().size()).isEqualTo(synthetic().size());
        }
    }

    @Test
    void everyClipIsTestedExactlyOnce() {
        VideoDataset d = synthetic();
        List<VideoClip> tested = new ArrayList<>();
        GroupKFold.defaults().splits(d).forEach(s -> tested.addAll(s.test()));
        assertThat(tested).hasSize(d.size()).containsExactlyInAnyOrderElementsOf(d.clips());
    }

    @Test
    void aClassWithAtLeastKGroupsIsTestedInEveryFoldAndCountsStayWithinOneGroupOfEachOther() {
        VideoDataset d = synthetic();
        List<Split> folds = GroupKFold.defaults().splits(d);
        for (String label : List.of("a", "b")) {
            List<Integer> perFold = folds.stream()
                    .map(s -> (int) s.test().stream().filter(c -> c.label().equals(label)).count()).toList();
            assertThat(perFold).as(label).allSatisfy(n -> assertThat(n).isPositive());
            // greedy largest-first onto the fold with fewest: no fold exceeds another by more than the largest group
            int spread = perFold.stream().mapToInt(Integer::intValue).max().orElseThrow()
                    - perFold.stream().mapToInt(Integer::intValue).min().orElseThrow();
            assertThat(spread).as(label + " " + perFold).isLessThanOrEqualTo(4);
        }
        // class c has 3 groups: it can only be tested in 3 folds
        assertThat(folds.stream().filter(s -> s.test().stream().anyMatch(c -> c.label().equals("c"))).count())
                .isEqualTo(3);
    }

    @Test
    void theSameSeedGivesTheSameFoldsAndAnotherSeedOtherFolds() {
        VideoDataset d = synthetic();
        assertThat(new GroupKFold(5, 42).splits(d)).isEqualTo(new GroupKFold(5, 42).splits(d));
        // clip order does not matter either: the input reversed gives the same folds (as sets)
        List<VideoClip> reversed = new ArrayList<>(d.clips());
        java.util.Collections.reverse(reversed);
        VideoDataset shuffled = new VideoDataset(d.root(), d.classes(), reversed, List.of());
        assertThat(testSets(new GroupKFold(5, 42).splits(shuffled))).isEqualTo(testSets(new GroupKFold(5, 42).splits(d)));
        assertThat(testSets(new GroupKFold(5, 43).splits(d))).isNotEqualTo(testSets(new GroupKFold(5, 42).splits(d)));
    }

    private static List<Set<String>> testSets(List<Split> splits) {
        return splits.stream().map(s -> {
            Set<String> names = new HashSet<>();
            s.test().forEach(c -> names.add(c.relativeName()));
            return names;
        }).toList();
    }

    @Test
    void refusesFewerThanTwoFoldsAndFewerGroupsThanFolds() {
        assertThatThrownBy(() -> new GroupKFold(1, 42)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 2 folds, got 1");
        List<VideoClip> clips = synthetic().clips().stream().filter(c -> c.label().equals("c")).toList();
        VideoDataset three = new VideoDataset(ROOT, List.of("a", "b", "c"), clips, List.of());
        assertThatThrownBy(() -> GroupKFold.defaults().splits(three)).isInstanceOf(DatasetException.class)
                .hasMessageContaining(ROOT.toString())
                .hasMessageContaining("group-kfold(k=5, seed=42) needs at least 5 groups, the dataset has 3");
        assertThat(new GroupKFold(3, 42).splits(three)).hasSize(3);
    }

    @Test
    void jhmdbFoldsAreGroupSafeAndTestEveryClassInEveryFold() {
        VideoDataset d = FolderPerClassDataset.load(SharedData.jhmdb());
        List<Split> folds = GroupKFold.defaults().splits(d);
        Map<String, Integer> tested = new HashMap<>();
        for (Split s : folds) {
            assertThat(s.sharedGroups()).as(s.name()).isEmpty();
            assertThat(s.test().stream().map(VideoClip::label).distinct()).as(s.name()).hasSize(21);
            s.test().forEach(c -> tested.merge(c.relativeName(), 1, Integer::sum));
        }
        assertThat(tested).hasSize(928).allSatisfy((clip, n) -> assertThat(n).isEqualTo(1));
    }
}
