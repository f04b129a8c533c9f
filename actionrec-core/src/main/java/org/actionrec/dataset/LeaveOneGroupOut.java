package org.actionrec.dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The UCF11 / UCF50 protocol: with groups g01..g25, split k tests on group k and trains on all others.
 * The groups are those of the dataset's clips, sorted, unless given explicitly.
 */
public final class LeaveOneGroupOut implements SplitProtocol {
    private final List<String> groups;

    /** One split per group found in the dataset. */
    public LeaveOneGroupOut() {
        this.groups = null;
    }

    /** One split per given group, in the given order; each must have clips. */
    public LeaveOneGroupOut(List<String> groups) {
        this.groups = List.copyOf(Objects.requireNonNull(groups, "groups"));
    }

    @Override
    public String name() {
        return groups == null ? "leave-one-group-out" : "leave-one-group-out:" + groups;
    }

    @Override
    public List<Split> splits(VideoDataset dataset) {
        TreeSet<String> present = new TreeSet<>();
        dataset.clips().forEach(c -> present.add(c.group()));
        List<String> heldOut = groups == null ? List.copyOf(present) : groups;
        if (present.size() < 2) {
            throw new DatasetException(dataset.root(), "leave-one-group-out needs at least 2 groups, found "
                    + present);
        }
        List<Split> splits = new ArrayList<>();
        for (int i = 0; i < heldOut.size(); i++) {
            String group = heldOut.get(i);
            if (!present.contains(group)) {
                throw new DatasetException(dataset.root(), "group " + group + " has no clips (groups present: "
                        + present + ")");
            }
            List<VideoClip> train = new ArrayList<>();
            List<VideoClip> test = new ArrayList<>();
            for (VideoClip clip : dataset.clips()) {
                (clip.group().equals(group) ? test : train).add(clip);
            }
            splits.add(new Split("split" + (i + 1), train, test, List.of(), List.of(), List.of()));
        }
        return splits;
    }
}
