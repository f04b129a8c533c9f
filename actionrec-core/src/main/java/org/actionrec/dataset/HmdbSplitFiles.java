package org.actionrec.dataset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HMDB51 split-file protocol (also used by JHMDB): per class and split k a file
 * {@code <class>_test_split<k>.txt} with lines {@code <file name> <flag>}, flag 1 = train, 2 = test, 0 = unused.
 * The split numbers are discovered from the file names.
 */
public final class HmdbSplitFiles implements SplitProtocol {
    private static final Logger LOG = LoggerFactory.getLogger(HmdbSplitFiles.class);
    private static final Pattern SPLIT_FILE = Pattern.compile("^(.+)_test_split(\\d+)\\.txt$");

    /** One line of a split file. */
    public record Entry(String fileName, SplitRole role, int line) {
    }

    private final Path splitDir;

    public HmdbSplitFiles(Path splitDir) {
        this.splitDir = Objects.requireNonNull(splitDir, "splitDir").toAbsolutePath().normalize();
    }

    public Path splitDir() {
        return splitDir;
    }

    @Override
    public String name() {
        return "hmdb-split-files:" + splitDir;
    }

    /** The split numbers k for which some {@code <class>_test_split<k>.txt} exists, ascending. */
    public List<Integer> splitNumbers() {
        return SplitText.numbersInFileNames(splitDir, SPLIT_FILE, 2, "<class>_test_split<k>.txt");
    }

    /** The split file of one class and split number (which may not exist). */
    public Path splitFile(String label, int k) {
        return splitDir.resolve(label + "_test_split" + k + ".txt");
    }

    /**
     * Parses one split file on its own. File names may hold spaces: the flag is the last field.
     *
     * @throws DatasetException naming the file where it is missing or a line is not {@code <name> 0|1|2}
     */
    public static List<Entry> readSplitFile(Path file) {
        List<Entry> entries = new ArrayList<>();
        for (SplitText.Line line : SplitText.read(file, "split file")) {
            String text = line.text();
            int gap = lastWhitespace(text);
            SplitRole role = gap < 0 ? null : SplitRole.fromHmdbFlag(text.substring(gap + 1));
            if (role == null) {
                throw new DatasetException(file,
                        "line " + line.number() + ": expected '<file name> 0|1|2', got '" + text + "'");
            }
            entries.add(new Entry(text.substring(0, gap).strip(), role, line.number()));
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
     * Split k over the dataset's clips; each class of the dataset must have its split file.
     *
     * @throws DatasetException naming the split file where it is missing, malformed, or gives one clip two sides
     */
    public Split split(VideoDataset dataset, int k) {
        List<VideoClip> train = new ArrayList<>();
        List<VideoClip> test = new ArrayList<>();
        List<VideoClip> unused = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<VideoClip> unlisted = new ArrayList<>();
        for (String label : dataset.classes()) {
            Path file = splitFile(label, k);
            Map<String, VideoClip> byFileName = new HashMap<>();
            for (VideoClip clip : dataset.clipsOf(label)) {
                byFileName.put(clip.fileName(), clip);
            }
            Map<String, SplitRole> seen = new HashMap<>();
            for (Entry entry : readSplitFile(file)) {
                SplitRole before = seen.putIfAbsent(entry.fileName(), entry.role());
                if (before != null) {
                    if (before != entry.role()) {
                        throw new DatasetException(file, "line " + entry.line() + ": " + entry.fileName()
                                + " is listed as both " + before + " and " + entry.role());
                    }
                    continue;
                }
                VideoClip clip = byFileName.get(entry.fileName());
                if (clip == null) {
                    missing.add(label + "/" + entry.fileName());
                    continue;
                }
                switch (entry.role()) {
                    case TRAIN -> train.add(clip);
                    case TEST -> test.add(clip);
                    case UNUSED -> unused.add(clip);
                }
            }
            Set<String> listed = new HashSet<>(seen.keySet());
            for (VideoClip clip : dataset.clipsOf(label)) {
                if (!listed.contains(clip.fileName())) {
                    unlisted.add(clip);
                }
            }
        }
        if (!missing.isEmpty() || !unlisted.isEmpty()) {
            LOG.warn("{} split{}: {} listed clips missing on disk, {} clips on disk not listed",
                    splitDir, k, missing.size(), unlisted.size());
        }
        return new Split("split" + k, train, test, unused, missing, unlisted);
    }

    private static int lastWhitespace(String text) {
        for (int i = text.length() - 1; i >= 0; i--) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
