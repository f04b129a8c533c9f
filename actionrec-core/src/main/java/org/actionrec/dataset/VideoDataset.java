package org.actionrec.dataset;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A labelled set of video clips on disk.
 *
 * @param root    the dataset folder (absolute): the class folders' parent, or where a list's or manifest's
 *                relative paths start
 * @param classes class names, sorted (for MMAction2 lists: in the class list's order); a clip's
 *                {@code classIndex} indexes this list
 * @param clips   all clips, sorted by class then relative name
 * @param skipped entries under the root that were not taken as clips (other files, folders without videos,
 *                files a list or manifest names that are not on disk)
 */
public record VideoDataset(Path root, List<String> classes, List<VideoClip> clips, List<SkippedEntry> skipped) {
    public VideoDataset {
        Objects.requireNonNull(root, "root");
        classes = List.copyOf(classes);
        clips = List.copyOf(clips);
        skipped = List.copyOf(skipped);
    }

    public int size() {
        return clips.size();
    }

    /** Index of a class in {@link #classes()}, or -1 where the dataset has no such class. */
    public int classIndex(String label) {
        return classes.indexOf(label);
    }

    public List<VideoClip> clipsOf(String label) {
        return clips.stream().filter(c -> c.label().equals(label)).toList();
    }

    /** Clip count per class, in class order. */
    public Map<String, Integer> clipsPerClass() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        classes.forEach(c -> counts.put(c, 0));
        clips.forEach(c -> counts.merge(c.label(), 1, Integer::sum));
        return counts;
    }

    public Optional<VideoClip> clip(String relativeName) {
        return clips.stream().filter(c -> c.relativeName().equals(relativeName)).findFirst();
    }
}
