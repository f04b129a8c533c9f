package org.actionrec.dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One split that a dataset file states clip by clip (a manifest's split column, MMAction2's train/test lists):
 * each listed clip's side by relative name. Clips of the dataset the file does not mention are
 * {@code unlisted}; listed files absent from disk are {@code missing}.
 *
 * @param name    the protocol's name, e.g. {@code manifest-split:/data/clips.csv}
 * @param roles   side of each listed clip, by {@link VideoClip#relativeName()}
 * @param missing relative names listed but not on disk
 */
public record ListedSplit(String name, Map<String, SplitRole> roles, List<String> missing) implements SplitProtocol {
    public ListedSplit {
        Objects.requireNonNull(name, "name");
        roles = Map.copyOf(roles);
        missing = List.copyOf(missing);
    }

    /** The single split {@code split1}, clips on each side in the dataset's order. */
    @Override
    public List<Split> splits(VideoDataset dataset) {
        List<VideoClip> train = new ArrayList<>();
        List<VideoClip> test = new ArrayList<>();
        List<VideoClip> unused = new ArrayList<>();
        List<VideoClip> unlisted = new ArrayList<>();
        for (VideoClip clip : dataset.clips()) {
            SplitRole role = roles.get(clip.relativeName());
            if (role == null) {
                unlisted.add(clip);
                continue;
            }
            switch (role) {
                case TRAIN -> train.add(clip);
                case TEST -> test.add(clip);
                case UNUSED -> unused.add(clip);
            }
        }
        return List.of(new Split("split1", train, test, unused, missing, unlisted));
    }
}
