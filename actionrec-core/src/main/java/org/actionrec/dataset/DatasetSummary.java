package org.actionrec.dataset;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code actionrec dataset <root>} shows: classes, clips per class, and split sizes. Pure data.
 *
 * @param root     the dataset folder
 * @param classes  clips per class, in class order
 * @param clips    total clips
 * @param skipped  entries under the root not taken as clips
 * @param protocol the split protocol's name, null where none was found (plain string, so JSON writers need no
 *                 Optional support)
 * @param splits   sizes per split of that protocol
 * @param protocolReason why the dataset gets that protocol ({@link LabelledDataset#why()}), null where unknown
 * @param officialSplits whether the splits come with the data rather than being made by actionrec
 * @param groupsKnown    whether every clip's group came from a naming convention or a group column
 */
public record DatasetSummary(Path root, List<ClassCount> classes, int clips, List<SkippedEntry> skipped,
                             String protocol, List<SplitSize> splits, String protocolReason, boolean officialSplits,
                             boolean groupsKnown) {
    public record ClassCount(String label, int clips) {
    }

    /**
     * Sizes of one split. {@code sharedGroupsWithinClass} counts class/group pairs on both sides (should be 0);
     * {@code sharedGroups} counts groups on both sides across classes (a source video used by two classes).
     */
    public record SplitSize(String name, int train, int test, int unused, int missing, int unlisted,
                            int sharedGroupsWithinClass, int sharedGroups) {
        static SplitSize of(Split s) {
            return new SplitSize(s.name(), s.train().size(), s.test().size(), s.unused().size(),
                    s.missing().size(), s.unlisted().size(), s.sharedGroupsWithinClass().size(), s.sharedGroups().size());
        }
    }

    public DatasetSummary {
        classes = List.copyOf(classes);
        skipped = List.copyOf(skipped);
        splits = List.copyOf(splits);
    }

    /** The summary under an explicit protocol (or none); official means any protocol but {@link GroupKFold}. */
    public static DatasetSummary of(VideoDataset dataset, Optional<SplitProtocol> protocol) {
        return summarise(dataset, protocol.orElse(null), null,
                protocol.filter(p -> !(p instanceof GroupKFold)).isPresent(),
                GroupOrigin.fromFileNames(dataset.clips()).known());
    }

    /** The summary of a dataset under the protocol {@link DatasetSource#open} chose, with the reason. */
    public static DatasetSummary of(LabelledDataset labelled) {
        return summarise(labelled.dataset(), labelled.protocol(), labelled.why(), labelled.officialSplits(),
                labelled.groupsKnown());
    }

    private static DatasetSummary summarise(VideoDataset dataset, SplitProtocol protocol, String reason,
                                            boolean official, boolean groupsKnown) {
        List<ClassCount> counts = dataset.clipsPerClass().entrySet().stream()
                .map((Map.Entry<String, Integer> e) -> new ClassCount(e.getKey(), e.getValue()))
                .toList();
        List<SplitSize> sizes = protocol == null ? List.of()
                : protocol.splits(dataset).stream().map(SplitSize::of).toList();
        return new DatasetSummary(dataset.root(), counts, dataset.size(), dataset.skipped(),
                protocol == null ? null : protocol.name(), sizes, reason, official, groupsKnown);
    }

    /** Opens {@code data} (folder, manifest or list) with default options and summarises it. */
    public static DatasetSummary describe(Path data) {
        return of(DatasetSource.open(data, DatasetOptions.DEFAULTS));
    }
}
