package org.actionrec.dataset;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carves a validation set out of a split's training side without leaking: every group (UCF actor/scene,
 * HMDB source video) lands wholly on one side. Groups are compared across classes, since one source video can
 * give clips to several classes. Within that constraint the validation side approaches {@code fraction} of
 * each class: groups are visited in a seeded random order and taken when they bring the per-class counts
 * closer to their targets. A class whose clips all come from one group stays wholly in training.
 *
 * @param fraction share of each class to hold out, in (0, 1)
 * @param seed     the same seed and input give the same result
 */
public record GroupSafeValidation(double fraction, long seed) {
    private static final Logger LOG = LoggerFactory.getLogger(GroupSafeValidation.class);
    public static final double DEFAULT_FRACTION = 0.2;

    /** Training and validation clips, each in the order of the input. */
    public record TrainValidation(List<VideoClip> train, List<VideoClip> validation) {
        public TrainValidation {
            train = List.copyOf(train);
            validation = List.copyOf(validation);
        }
    }

    public GroupSafeValidation {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in (0, 1), got " + fraction);
        }
    }

    /** The default fraction, 0.2. */
    public static GroupSafeValidation withSeed(long seed) {
        return new GroupSafeValidation(DEFAULT_FRACTION, seed);
    }

    public TrainValidation carve(Split split) {
        return carve(split.train());
    }

    public TrainValidation carve(List<VideoClip> training) {
        // Sorted before shuffling, so the order (and the result) depends only on the seed and the groups.
        TreeMap<String, Map<String, Integer>> classCountsByGroup = new TreeMap<>();
        Map<String, Integer> clipsPerClass = new HashMap<>();
        for (VideoClip clip : training) {
            classCountsByGroup.computeIfAbsent(clip.group(), g -> new TreeMap<>()).merge(clip.label(), 1, Integer::sum);
            clipsPerClass.merge(clip.label(), 1, Integer::sum);
        }
        if (classCountsByGroup.size() < 2) {
            LOG.warn("cannot carve a group-safe validation set from {} clips in {} group(s); all stay in training",
                    training.size(), classCountsByGroup.size());
            return new TrainValidation(training, List.of());
        }
        List<String> order = new ArrayList<>(classCountsByGroup.keySet());
        Collections.shuffle(order, new Random(seed));

        Map<String, Integer> taken = new HashMap<>();
        Set<String> validationGroups = new HashSet<>();
        String leastHarmful = null;
        double leastHarm = Double.POSITIVE_INFINITY;
        for (String group : order) {
            if (validationGroups.size() == order.size() - 1) {
                break; // keep at least one group for training
            }
            double change = deviationChange(classCountsByGroup.get(group), taken, clipsPerClass);
            if (change < 0) {
                validationGroups.add(group);
                classCountsByGroup.get(group).forEach((label, n) -> taken.merge(label, n, Integer::sum));
            } else if (change < leastHarm) {
                leastHarm = change;
                leastHarmful = group;
            }
        }
        if (validationGroups.isEmpty()) {
            // No group improves the fit (e.g. every class has a single group): hold out the one that harms least.
            validationGroups.add(leastHarmful);
        }
        List<VideoClip> train = new ArrayList<>();
        List<VideoClip> validation = new ArrayList<>();
        for (VideoClip clip : training) {
            (validationGroups.contains(clip.group()) ? validation : train).add(clip);
        }
        LOG.debug("group-safe validation (fraction {}, seed {}): {} train, {} validation clips, {} of {} groups held out",
                fraction, seed, train.size(), validation.size(), validationGroups.size(), order.size());
        return new TrainValidation(train, validation);
    }

    /** How moving a group to validation changes the summed distance of per-class counts from their targets. */
    private double deviationChange(Map<String, Integer> groupCounts, Map<String, Integer> taken,
                                   Map<String, Integer> clipsPerClass) {
        double change = 0;
        for (Map.Entry<String, Integer> e : groupCounts.entrySet()) {
            double target = fraction * clipsPerClass.get(e.getKey());
            int now = taken.getOrDefault(e.getKey(), 0);
            change += Math.abs(now + e.getValue() - target) - Math.abs(now - target);
        }
        return change;
    }
}
