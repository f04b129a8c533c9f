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
 */
public record DatasetSummary(Path root, List<ClassCount> classes, int clips, List<SkippedEntry> skipped,
                             String protocol, List<SplitSize> splits) {
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

    public static DatasetSummary of(VideoDataset dataset, Optional<SplitProtocol> protocol) {
        List<ClassCount> counts = dataset.clipsPerClass().entrySet().stream()
                .map((Map.Entry<String, Integer> e) -> new ClassCount(e.getKey(), e.getValue()))
                .toList();
        List<SplitSize> sizes = protocol.map(p -> p.splits(dataset).stream().map(SplitSize::of).toList())
                .orElse(List.of());
        return new DatasetSummary(dataset.root(), counts, dataset.size(), dataset.skipped(),
                protocol.map(SplitProtocol::name).orElse(null), sizes);
    }

    /** Loads the folder-per-class dataset at {@code root} and summarises it under its detected official protocol. */
    public static DatasetSummary describe(Path root) {
        VideoDataset dataset = FolderPerClassDataset.load(root);
        return of(dataset, SplitProtocol.detect(dataset.root()));
    }
}
