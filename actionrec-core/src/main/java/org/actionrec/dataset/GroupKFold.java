package org.actionrec.dataset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * k grouped, stratified folds for a dataset without split files: every group (UCF actor/scene, HMDB source
 * video, a manifest's group, or the clip itself) lies wholly in one fold; split i tests on fold i and trains on
 * the others, so every clip is tested exactly once. Groups are compared across classes, as in
 * {@link GroupSafeValidation}, since one source video can give clips to several classes.
 *
 * <p>Assignment is greedy: groups largest first (equal sizes in a seeded random order), each to the fold
 * holding the fewest clips of the group's classes, ties to the fold with fewest clips overall, then the lowest
 * fold. An empty fold always wins that comparison, so every fold gets a group, and a class with at least k
 * single-class groups is tested in every fold.
 *
 * @param folds k, at least 2
 * @param seed  the same seed and dataset give the same folds
 */
public record GroupKFold(int folds, long seed) implements SplitProtocol {
    private static final Logger LOG = LoggerFactory.getLogger(GroupKFold.class);
    public static final int DEFAULT_FOLDS = 5;
    public static final long DEFAULT_SEED = 42;

    public GroupKFold {
        requireFolds(folds);
    }

    /** The defaults: 5 folds, seed 42. */
    public static GroupKFold defaults() {
        return new GroupKFold(DEFAULT_FOLDS, DEFAULT_SEED);
    }

    static void requireFolds(int folds) {
        if (folds < 2) {
            throw new IllegalArgumentException("group k-fold needs at least 2 folds, got " + folds);
        }
    }

    /** Exactly {@code group-kfold(k=5, seed=42)} with this protocol's values. */
    @Override
    public String name() {
        return String.format(Locale.ROOT, "group-kfold(k=%d, seed=%d)", folds, seed);
    }

    /** A phrase for reports: {@code 5 grouped, stratified folds, seed 42}. */
    public String describe() {
        return String.format(Locale.ROOT, "%d grouped, stratified folds, seed %d", folds, seed);
    }

    /**
     * Splits {@code fold1..foldk}, clips on each side in the dataset's order.
     *
     * @throws DatasetException naming the dataset root where it has fewer groups than folds
     */
    @Override
    public List<Split> splits(VideoDataset dataset) {
        Map<String, Integer> foldOfGroup = assign(dataset);
        List<Split> splits = new ArrayList<>(folds);
        for (int f = 0; f < folds; f++) {
            List<VideoClip> train = new ArrayList<>();
            List<VideoClip> test = new ArrayList<>();
            for (VideoClip clip : dataset.clips()) {
                (foldOfGroup.get(clip.group()) == f ? test : train).add(clip);
            }
            splits.add(new Split("fold" + (f + 1), train, test, List.of(), List.of(), List.of()));
        }
        return splits;
    }

    /** The fold (0-based) of each group. */
    private Map<String, Integer> assign(VideoDataset dataset) {
        // Sorted before shuffling, so the order (and the result) depends only on the seed and the groups.
        TreeMap<String, Map<Integer, Integer>> classCountsByGroup = new TreeMap<>();
        for (VideoClip clip : dataset.clips()) {
            classCountsByGroup.computeIfAbsent(clip.group(), g -> new TreeMap<>())
                    .merge(clip.classIndex(), 1, Integer::sum);
        }
        if (classCountsByGroup.size() < folds) {
            throw new DatasetException(dataset.root(), name() + " needs at least " + folds + " groups, the dataset has "
                    + classCountsByGroup.size() + " (" + dataset.size() + " clips); use fewer folds");
        }
        List<String> order = new ArrayList<>(classCountsByGroup.keySet());
        Collections.shuffle(order, new Random(seed));
        Map<String, Integer> size = new HashMap<>();
        classCountsByGroup.forEach((g, counts) -> size.put(g, counts.values().stream().mapToInt(Integer::intValue).sum()));
        order.sort(Comparator.comparingInt((String g) -> size.get(g)).reversed()); // stable: seeded order within a size

        int classes = Math.max(dataset.classes().size(), 1);
        int[][] perClass = new int[folds][classes];
        int[] total = new int[folds];
        Map<String, Integer> foldOf = new HashMap<>();
        for (String group : order) {
            Map<Integer, Integer> counts = classCountsByGroup.get(group);
            int best = -1;
            long bestClassLoad = Long.MAX_VALUE;
            for (int f = 0; f < folds; f++) {
                long classLoad = 0;
                for (Map.Entry<Integer, Integer> e : counts.entrySet()) {
                    classLoad += (long) e.getValue() * perClass[f][e.getKey()];
                }
                if (classLoad < bestClassLoad || (classLoad == bestClassLoad && total[f] < total[best])) {
                    best = f;
                    bestClassLoad = classLoad;
                }
            }
            final int chosen = best;
            counts.forEach((c, n) -> perClass[chosen][c] += n);
            total[chosen] += size.get(group);
            foldOf.put(group, chosen);
        }
        LOG.debug("{} over {} groups, {} clips: fold sizes {}", name(), order.size(), dataset.size(),
                Arrays.toString(total));
        return foldOf;
    }
}
