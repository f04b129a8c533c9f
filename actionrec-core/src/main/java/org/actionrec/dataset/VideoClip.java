package org.actionrec.dataset;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One labelled video file of a dataset.
 *
 * @param path         absolute path of the file
 * @param relativeName path below the dataset root with '/' separators, e.g. {@code brush_hair/x.avi} (a manifest's
 *                     absolute path outside the root stays absolute)
 * @param label        class name (the class folder, or as a list or manifest names it)
 * @param classIndex   index of {@code label} in the dataset's class list
 * @param group        what clips share a source (UCF actor/scene group such as {@code g08}, HMDB source video,
 *                     a manifest's group column);
 *                     clips of one group must never be split across train and test
 */
public record VideoClip(Path path, String relativeName, String label, int classIndex, String group) {
    public VideoClip {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(relativeName, "relativeName");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(group, "group");
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("clip path must be absolute: " + path);
        }
        if (classIndex < 0) {
            throw new IllegalArgumentException("class index must be >= 0, got " + classIndex + " for " + path);
        }
    }

    /** The bare file name, e.g. {@code x.avi}. */
    public String fileName() {
        int slash = relativeName.lastIndexOf('/');
        return slash < 0 ? relativeName : relativeName.substring(slash + 1);
    }
}
