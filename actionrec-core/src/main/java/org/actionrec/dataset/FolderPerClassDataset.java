package org.actionrec.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the common layout {@code <root>/<class>/<clip>} (UCF101, UCF50, HMDB51, JHMDB; clips may also sit in
 * subfolders of a class, as in UCF11). A class is a top-level folder holding at least one video file.
 * Empty or broken video files are still listed: decoding, not the loader, decides whether a clip is readable.
 */
public final class FolderPerClassDataset {
    private static final Logger LOG = LoggerFactory.getLogger(FolderPerClassDataset.class);

    /** File extensions taken as video, lower case. */
    public static final Set<String> VIDEO_EXTENSIONS =
            Set.of("avi", "mp4", "mkv", "webm", "mov", "mpg", "mpeg", "m4v");

    /** Top-level folder of HMDB51/JHMDB split files: never a class. */
    static final String SPLITS_FOLDER = "splits";

    private FolderPerClassDataset() {
    }

    public static boolean isVideoFile(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 && VIDEO_EXTENSIONS.contains(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /**
     * Scans {@code root}.
     *
     * @throws DatasetException naming the root where it is missing, not a folder, unreadable or holds no class
     */
    public static VideoDataset load(Path root) {
        Path absRoot = root.toAbsolutePath().normalize();
        if (!Files.exists(absRoot)) {
            throw new DatasetException(absRoot, "dataset root does not exist");
        }
        if (!Files.isDirectory(absRoot)) {
            throw new DatasetException(absRoot, "dataset root is not a folder");
        }
        List<SkippedEntry> skipped = new ArrayList<>();
        TreeMap<String, List<Path>> videosByClass = new TreeMap<>();
        for (Path entry : list(absRoot)) {
            String name = entry.getFileName().toString();
            if (isHidden(name)) {
                continue;
            }
            if (!Files.isDirectory(entry)) {
                skipped.add(new SkippedEntry(entry, "file outside any class folder"));
                continue;
            }
            if (name.equals(SPLITS_FOLDER)) {
                continue;
            }
            List<Path> videos = new ArrayList<>();
            for (Path file : filesBelow(entry)) {
                if (isVideoFile(file.getFileName().toString())) {
                    videos.add(file);
                } else {
                    skipped.add(new SkippedEntry(file, "not a video file (extension not one of " + VIDEO_EXTENSIONS + ")"));
                }
            }
            if (videos.isEmpty()) {
                skipped.add(new SkippedEntry(entry, "folder holds no video files, not taken as a class"));
            } else {
                videosByClass.put(name, videos);
            }
        }
        if (videosByClass.isEmpty()) {
            throw new DatasetException(absRoot, "no class folders with video files (expected <root>/<class>/<clip>.avi)");
        }
        List<String> classes = new ArrayList<>(videosByClass.keySet());
        List<VideoClip> clips = new ArrayList<>();
        for (int index = 0; index < classes.size(); index++) {
            String label = classes.get(index);
            for (Path file : videosByClass.get(label)) {
                String relative = relativeName(absRoot, file);
                clips.add(new VideoClip(file, relative, label, index,
                        GroupIds.of(file.getFileName().toString(), label)));
            }
        }
        clips.sort(Comparator.comparingInt(VideoClip::classIndex).thenComparing(VideoClip::relativeName));
        LOG.debug("{}: {} classes, {} clips, {} entries skipped", absRoot, classes.size(), clips.size(), skipped.size());
        return new VideoDataset(absRoot, classes, clips, skipped);
    }

    static String relativeName(Path root, Path file) {
        Path rel = root.relativize(file);
        StringBuilder sb = new StringBuilder();
        for (Path part : rel) {
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(part);
        }
        return sb.toString();
    }

    private static boolean isHidden(String name) {
        return name.startsWith(".");
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new DatasetException(dir, "cannot list folder: " + e.getMessage(), e);
        }
    }

    /** Regular files below a class folder, sorted, leaving out hidden files and anything in hidden folders. */
    private static List<Path> filesBelow(Path classDir) {
        // follows links: a dataset assembled from linked class folders is a dataset too
        try (Stream<Path> s = Files.walk(classDir, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
            return s.filter(p -> !p.equals(classDir))
                    .filter(p -> !hasHiddenPart(classDir.relativize(p)))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw new DatasetException(classDir, "cannot walk class folder: " + e.getMessage(), e);
        }
    }

    private static boolean hasHiddenPart(Path relative) {
        for (Path part : relative) {
            if (isHidden(part.toString())) {
                return true;
            }
        }
        return false;
    }
}
