package org.actionrec.dataset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UCF101 protocol: {@code classInd.txt} ({@code "1 ApplyEyeMakeup"}), {@code trainlist0k.txt}
 * ({@code "ApplyEyeMakeup/v_ApplyEyeMakeup_g08_c01.avi 1"}) and {@code testlist0k.txt} (path only), CRLF line ends.
 * The lists can be read on their own; {@link #split} maps them onto the clips present on disk.
 */
public final class Ucf101SplitLists implements SplitProtocol {
    private static final Logger LOG = LoggerFactory.getLogger(Ucf101SplitLists.class);

    /** Folder name of the lists in the official UCF101 download. */
    public static final String LIST_FOLDER = "ucfTrainTestlist";
    private static final Pattern TRAIN_LIST = Pattern.compile("^trainlist(\\d+)\\.txt$");

    /**
     * One line of a train or test list.
     *
     * @param label        class folder named in the path
     * @param relativePath e.g. {@code ApplyEyeMakeup/v_ApplyEyeMakeup_g08_c01.avi}
     * @param group        e.g. {@code g08}
     * @param classNumber  the class's 1-based number in {@code classInd.txt}
     */
    public record ListEntry(String label, String relativePath, String group, int classNumber) {
    }

    private final Path listDir;

    public Ucf101SplitLists(Path listDir) {
        this.listDir = Objects.requireNonNull(listDir, "listDir").toAbsolutePath().normalize();
    }

    public Path listDir() {
        return listDir;
    }

    @Override
    public String name() {
        return "ucf101-lists:" + listDir;
    }

    /** Class names in {@code classInd.txt} order: element i is class number i + 1. */
    public List<String> classIndex() {
        Path file = listDir.resolve("classInd.txt");
        List<String> classes = new ArrayList<>();
        for (SplitText.Line line : SplitText.read(file, "class index")) {
            String[] fields = line.text().split("\\s+");
            if (fields.length != 2 || !fields[0].equals(Integer.toString(classes.size() + 1))) {
                throw new DatasetException(file, "line " + line.number() + ": expected '" + (classes.size() + 1)
                        + " <ClassName>', got '" + line.text() + "'");
            }
            classes.add(fields[1]);
        }
        if (classes.isEmpty()) {
            throw new DatasetException(file, "class index is empty");
        }
        return List.copyOf(classes);
    }

    /** The split numbers k for which {@code trainlist0k.txt} exists, ascending. */
    public List<Integer> splitNumbers() {
        return SplitText.numbersInFileNames(listDir, TRAIN_LIST, 1, "trainlist<k>.txt");
    }

    public Path trainListFile(int k) {
        return listDir.resolve(String.format(Locale.ROOT, "trainlist%02d.txt", k));
    }

    public Path testListFile(int k) {
        return listDir.resolve(String.format(Locale.ROOT, "testlist%02d.txt", k));
    }

    /** The entries of {@code trainlist0k.txt}; needs no clips on disk. */
    public List<ListEntry> trainList(int k) {
        return readList(trainListFile(k), classIndex());
    }

    /** The entries of {@code testlist0k.txt}; needs no clips on disk. */
    public List<ListEntry> testList(int k) {
        return readList(testListFile(k), classIndex());
    }

    private static List<ListEntry> readList(Path file, List<String> classes) {
        Map<String, Integer> numberOf = new HashMap<>();
        for (int i = 0; i < classes.size(); i++) {
            numberOf.put(classes.get(i), i + 1);
        }
        List<ListEntry> entries = new ArrayList<>();
        for (SplitText.Line line : SplitText.read(file, "split list")) {
            String[] fields = line.text().split("\\s+");
            String path = fields[0].replace('\\', '/');
            int slash = path.indexOf('/');
            if (fields.length > 2 || slash <= 0 || slash == path.length() - 1) {
                throw new DatasetException(file, "line " + line.number()
                        + ": expected '<Class>/<clip>.avi [<class number>]', got '" + line.text() + "'");
            }
            String label = path.substring(0, slash);
            Integer number = numberOf.get(label);
            if (number == null) {
                throw new DatasetException(file, "line " + line.number() + ": class '" + label
                        + "' is not in classInd.txt");
            }
            if (fields.length == 2 && !fields[1].equals(number.toString())) {
                throw new DatasetException(file, "line " + line.number() + ": class number " + fields[1]
                        + " does not match classInd.txt, which gives " + label + " = " + number);
            }
            String fileName = path.substring(path.lastIndexOf('/') + 1);
            entries.add(new ListEntry(label, path, GroupIds.of(fileName, label), number));
        }
        return entries;
    }

    @Override
    public List<Split> splits(VideoDataset dataset) {
        List<Split> splits = new ArrayList<>();
        for (int k : splitNumbers()) {
            splits.add(split(dataset, k));
        }
        return splits;
    }

    /**
     * Split k mapped onto the clips on disk: list entries whose file is absent go to {@code missing}
     * (a partial copy of UCF101 is normal), clips in neither list to {@code unlisted}.
     */
    public Split split(VideoDataset dataset, int k) {
        List<String> classes = classIndex();
        List<ListEntry> trainEntries = readList(trainListFile(k), classes);
        List<ListEntry> testEntries = readList(testListFile(k), classes);

        Map<String, VideoClip> exact = new HashMap<>();
        Map<String, VideoClip> folded = new HashMap<>();
        for (VideoClip clip : dataset.clips()) {
            exact.put(clip.relativeName(), clip);
            folded.put(clip.relativeName().toLowerCase(Locale.ROOT), clip);
        }
        Set<String> trainPaths = new HashSet<>();
        trainEntries.forEach(e -> trainPaths.add(e.relativePath()));
        for (ListEntry e : testEntries) {
            if (trainPaths.contains(e.relativePath())) {
                throw new DatasetException(testListFile(k), e.relativePath() + " is in both "
                        + trainListFile(k).getFileName() + " and " + testListFile(k).getFileName());
            }
        }

        List<String> missing = new ArrayList<>();
        Set<VideoClip> listed = new HashSet<>();
        List<VideoClip> train = resolve(trainEntries, exact, folded, missing, listed);
        List<VideoClip> test = resolve(testEntries, exact, folded, missing, listed);
        List<VideoClip> unlisted = dataset.clips().stream().filter(c -> !listed.contains(c)).toList();
        LOG.debug("{} split{}: {} train, {} test on disk; {} listed clips missing, {} clips not listed",
                listDir, k, train.size(), test.size(), missing.size(), unlisted.size());
        return new Split("split" + k, train, test, List.of(), missing, unlisted);
    }

    private static List<VideoClip> resolve(List<ListEntry> entries, Map<String, VideoClip> exact,
                                           Map<String, VideoClip> folded, List<String> missing,
                                           Set<VideoClip> listed) {
        List<VideoClip> clips = new ArrayList<>();
        for (ListEntry e : entries) {
            VideoClip clip = exact.get(e.relativePath());
            if (clip == null) {
                // Copies of UCF101 differ in letter case (HandstandPushups vs HandStandPushups).
                clip = folded.get(e.relativePath().toLowerCase(Locale.ROOT));
            }
            if (clip == null) {
                missing.add(e.relativePath());
            } else if (listed.add(clip)) {
                clips.add(clip);
            }
        }
        return clips;
    }
}
