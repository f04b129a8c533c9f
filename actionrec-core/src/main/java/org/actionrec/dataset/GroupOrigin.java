package org.actionrec.dataset;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Where the groups of a dataset's clips came from, counted per {@link GroupIds.Source}. Group-safe splits are
 * only as safe as their groups: a clip that is its own group may still have a near-duplicate on the other side.
 *
 * @param clipsBySource clips per source; sources without clips are left out
 */
public record GroupOrigin(Map<GroupIds.Source, Integer> clipsBySource) {
    static final String NO_GROUPS = "groups: none found – each clip is its own group; leakage between "
            + "near-duplicate clips cannot be ruled out";

    public GroupOrigin {
        EnumMap<GroupIds.Source, Integer> copy = new EnumMap<>(GroupIds.Source.class);
        clipsBySource.forEach((source, n) -> {
            if (n < 0) {
                throw new IllegalArgumentException("negative clip count " + n + " for " + source);
            }
            if (n > 0) {
                copy.put(source, n);
            }
        });
        clipsBySource = Collections.unmodifiableMap(copy);
    }

    /** Counts the given per-clip sources. */
    public static GroupOrigin of(Collection<GroupIds.Source> perClip) {
        EnumMap<GroupIds.Source, Integer> counts = new EnumMap<>(GroupIds.Source.class);
        perClip.forEach(s -> counts.merge(s, 1, Integer::sum));
        return new GroupOrigin(counts);
    }

    /** The origin of groups derived from the clips' file names, as {@link FolderPerClassDataset} derives them. */
    public static GroupOrigin fromFileNames(Collection<VideoClip> clips) {
        return of(clips.stream().map(c -> GroupIds.derive(c.fileName(), c.label()).source()).toList());
    }

    public int clips() {
        return clipsBySource.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Clips that fell back to being their own group. */
    public int ungroupedClips() {
        return clipsBySource.getOrDefault(GroupIds.Source.NONE, 0);
    }

    /** True where every clip's group came from a naming convention or a group column. */
    public boolean known() {
        return clips() > 0 && ungroupedClips() == 0;
    }

    /**
     * A plain sentence for reports, e.g. {@code groups: from file names (HMDB/JHMDB source video)} or the
     * warning that each clip is its own group.
     */
    public String describe() {
        int ungrouped = ungroupedClips();
        if (ungrouped == clips()) {
            return NO_GROUPS;
        }
        List<String> parts = new ArrayList<>();
        boolean several = clipsBySource.size() - (ungrouped > 0 ? 1 : 0) > 1;
        clipsBySource.forEach((source, n) -> {
            if (source != GroupIds.Source.NONE) {
                parts.add(source.description() + (several ? " for " + n + " clips" : ""));
            }
        });
        String known = "groups: from " + String.join(", ", parts);
        if (ungrouped == 0) {
            return known;
        }
        return known + " for " + (clips() - ungrouped) + " of " + clips() + " clips; the other " + ungrouped
                + " clips are each their own group, so leakage between near-duplicate clips cannot be ruled out "
                + "for them";
    }
}
