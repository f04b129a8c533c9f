package org.actionrec.dataset;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * One train/test partition of a dataset's clips.
 *
 * @param name     e.g. {@code split1}
 * @param train    clips to train on
 * @param test     clips to test on
 * @param unused   clips the protocol names but puts on neither side (HMDB flag 0)
 * @param missing  relative names the protocol lists that are not on disk
 * @param unlisted clips on disk the protocol does not mention
 */
public record Split(String name, List<VideoClip> train, List<VideoClip> test, List<VideoClip> unused,
                    List<String> missing, List<VideoClip> unlisted) {
    public Split {
        Objects.requireNonNull(name, "name");
        train = List.copyOf(train);
        test = List.copyOf(test);
        unused = List.copyOf(unused);
        missing = List.copyOf(missing);
        unlisted = List.copyOf(unlisted);
    }

    /** Groups with clips on both sides, across classes (a source shared by two classes counts). */
    public Set<String> sharedGroups() {
        return shared(VideoClip::group);
    }

    /** {@code <class>/<group>} keys with clips on both sides: leakage within one class. */
    public Set<String> sharedGroupsWithinClass() {
        return shared(c -> c.label() + "/" + c.group());
    }

    private Set<String> shared(Function<VideoClip, String> key) {
        Set<String> trainKeys = new HashSet<>();
        train.forEach(c -> trainKeys.add(key.apply(c)));
        Set<String> both = new TreeSet<>();
        test.stream().map(key).filter(trainKeys::contains).forEach(both::add);
        return both;
    }
}
