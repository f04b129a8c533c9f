package org.actionrec.dataset;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the entries of manifests and annotation lists into a {@link VideoDataset}: paths resolved against a
 * base folder, listed files absent from disk kept aside as missing (a partial copy of a dataset is normal),
 * one clip per file.
 */
final class ListedClips {
    private static final Logger LOG = LoggerFactory.getLogger(ListedClips.class);

    /**
     * One listed clip.
     *
     * @param file  the list or manifest it is in, for messages
     * @param line  1-based line number in {@code file}
     * @param path  as written: relative to the base folder, or absolute
     * @param group the group given by the file; null to derive it from the file name
     * @param role  the side given by the file; null where the file gives none
     */
    record Entry(Path file, int line, String path, String label, String group, SplitRole role) {
        String where() {
            return "line " + line;
        }
    }

    /**
     * The clips on disk, where their groups came from, the side of each listed clip (by relative name; empty
     * where no entry gives one) and the listed relative names not on disk.
     */
    record Built(VideoDataset dataset, GroupOrigin groups, Map<String, SplitRole> roles, List<String> missing) {
    }

    private ListedClips() {
    }

    /**
     * @param base    the folder relative paths start from; the dataset's root
     * @param classes class names; a clip's class index is its label's position here
     * @param source  the list or manifest named in the error where no listed file exists
     * @throws DatasetException naming the file and line of an entry listed twice with a different label or side,
     *                          a path that names a folder, or naming {@code source} where no listed file exists
     */
    static Built build(Path source, Path base, List<String> classes, List<Entry> entries) {
        Map<String, Integer> classIndex = new HashMap<>();
        for (int i = 0; i < classes.size(); i++) {
            classIndex.put(classes.get(i), i);
        }
        Map<String, Entry> byName = new LinkedHashMap<>();
        List<VideoClip> clips = new ArrayList<>();
        List<GroupIds.Source> groupSources = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<SkippedEntry> skipped = new ArrayList<>();
        Map<String, SplitRole> roles = new HashMap<>();
        for (Entry e : entries) {
            Integer index = classIndex.get(e.label());
            if (index == null) {
                throw new IllegalStateException("label " + e.label() + " not among the classes " + classes);
            }
            Path file = resolve(e, base);
            String name = file.startsWith(base) ? FolderPerClassDataset.relativeName(base, file)
                    : file.toString().replace('\\', '/');
            Entry before = byName.putIfAbsent(name, e);
            if (before != null) {
                if (!before.label().equals(e.label()) || before.role() != e.role()) {
                    throw new DatasetException(e.file(), e.where() + ": " + e.path() + " is already listed ("
                            + before.file().getFileName() + " " + before.where() + ") as " + describe(before)
                            + ", here as " + describe(e));
                }
                continue;
            }
            if (e.role() != null) {
                roles.put(name, e.role());
            }
            if (Files.isDirectory(file)) {
                throw new DatasetException(e.file(), e.where() + ": " + file + " is a folder, not a video file");
            }
            if (!Files.isRegularFile(file)) {
                missing.add(name);
                skipped.add(new SkippedEntry(file, "listed in " + e.file().getFileName() + " " + e.where()
                        + " but the file does not exist"));
                continue;
            }
            GroupIds.Group group = e.group() != null ? new GroupIds.Group(e.group(), GroupIds.Source.MANIFEST)
                    : GroupIds.derive(file.getFileName().toString(), e.label());
            clips.add(new VideoClip(file, name, e.label(), index, group.id()));
            groupSources.add(group.source());
        }
        if (clips.isEmpty()) {
            throw new DatasetException(source, entries.isEmpty() ? "lists no clips"
                    : "none of the " + byName.size() + " listed video files exist (relative paths start from "
                    + base + ")");
        }
        if (!missing.isEmpty()) {
            LOG.warn("{}: {} of {} listed clips are not on disk (first: {})", source, missing.size(), byName.size(),
                    missing.get(0));
        }
        clips.sort(Comparator.comparingInt(VideoClip::classIndex).thenComparing(VideoClip::relativeName));
        return new Built(new VideoDataset(base, classes, clips, skipped), GroupOrigin.of(groupSources), roles,
                missing);
    }

    private static Path resolve(Entry e, Path base) {
        try {
            Path p = Path.of(e.path().replace('\\', '/'));
            return (p.isAbsolute() ? p : base.resolve(p)).toAbsolutePath().normalize();
        } catch (InvalidPathException ex) {
            throw new DatasetException(e.file(), e.where() + ": '" + e.path() + "' is not a valid path: "
                    + ex.getReason(), ex);
        }
    }

    private static String describe(Entry e) {
        return "label " + e.label() + (e.role() == null ? "" : ", " + e.role().name().toLowerCase(Locale.ROOT));
    }

    /** The base folder: the given video root, else the folder of the list or manifest; it must exist. */
    static Path base(Path listFile, Path videoRoot) {
        Path base = (videoRoot != null ? videoRoot : listFile.toAbsolutePath().getParent()).toAbsolutePath().normalize();
        if (!Files.isDirectory(base)) {
            throw new DatasetException(base, "video root is not a folder");
        }
        return base;
    }
}
