package org.actionrec.dataset;

import java.util.List;
import java.util.Objects;

/**
 * A dataset with the split protocol it gets and why, as {@link DatasetSource#open} found them.
 *
 * @param dataset        the clips
 * @param protocol       how they are split into train and test
 * @param why            a plain sentence for reports: where the splits come from and where the groups come from
 * @param officialSplits true where the splits come with the data (split files, a manifest's split column,
 *                       train/test lists); false where actionrec made them ({@link GroupKFold})
 * @param groupsKnown    true where every clip's group came from a naming convention or a group column; false
 *                       where some clip is its own group, so near-duplicates may sit on both sides
 */
public record LabelledDataset(VideoDataset dataset, SplitProtocol protocol, String why, boolean officialSplits,
                              boolean groupsKnown) {
    public LabelledDataset {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(why, "why");
    }

    /** The protocol's splits over the dataset. */
    public List<Split> splits() {
        return protocol.splits(dataset);
    }
}
