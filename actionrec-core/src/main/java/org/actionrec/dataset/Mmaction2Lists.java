package org.actionrec.dataset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * MMAction2's video annotation lists: lines {@code relative/path.ext <label index>} in a train list, with the
 * val and test lists found beside it by replacing {@code train} in the file name ({@code hmdb51_train_split_1_videos.txt}
 * → {@code hmdb51_val_split_1_videos.txt}, {@code hmdb51_test_split_1_videos.txt}), and a class list whose first
 * line names class 0 ({@code classes.txt} beside the list unless given). Paths are relative to the list's
 * folder unless a video root is given.
 *
 * <p>Classes keep the class list's order, unlike the sorted classes of the other loaders: a model trained with
 * MMAction2 indexes its outputs by that list, so a clip's class index must be its listed label index.
 *
 * <p>Protocol: the test list is the test side (else the val list); train, and val where a test list exists,
 * are the training side. With neither a val nor a test list, {@link GroupKFold} over the train list.
 */
public final class Mmaction2Lists {
    /** The class list looked for beside the train list. */
    public static final String CLASS_LIST = "classes.txt";
    private static final String TRAIN = "train";

    private Mmaction2Lists() {
    }

    /** True for the file names this class reads: {@code .txt}. */
    public static boolean isList(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".txt");
    }

    /**
     * The list beside {@code trainList} with the last {@code train} of its file name replaced by {@code role}
     * ({@code val} or {@code test}), where that file exists.
     */
    public static Optional<Path> companion(Path trainList, String role) {
        String name = trainList.getFileName().toString();
        int at = name.lastIndexOf(TRAIN);
        if (at < 0) {
            return Optional.empty();
        }
        Path other = trainList.resolveSibling(name.substring(0, at) + role + name.substring(at + TRAIN.length()));
        return Files.isRegularFile(other) ? Optional.of(other) : Optional.empty();
    }

    /**
     * A class list: one class name per line, the first line class 0; names may hold spaces (Kinetics).
     *
     * @throws DatasetException naming the file where it is missing, empty, has a blank line inside (which would
     *                          shift every later class) or names a class twice
     */
    public static List<String> readClassList(Path file) {
        List<String> classes = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (SplitText.Line line : SplitText.read(file, "class list")) {
            if (line.number() != classes.size() + 1) {
                throw new DatasetException(file, "blank line before line " + line.number()
                        + ": line i names class i - 1, so a blank line would shift every later class");
            }
            if (!seen.add(line.text())) {
                throw new DatasetException(file, "line " + line.number() + ": class '" + line.text()
                        + "' is named twice");
            }
            classes.add(line.text());
        }
        if (classes.isEmpty()) {
            throw new DatasetException(file, "class list is empty");
        }
        return List.copyOf(classes);
    }

    /**
     * Reads the train list, its val/test companions and the class list, and chooses the protocol.
     *
     * @throws DatasetException naming the list and line of a malformed line or a label index out of range,
     *                          the class list where it is missing or malformed, or the train list where none of
     *                          the listed files exist
     */
    public static LabelledDataset open(Path trainList, DatasetOptions options) {
        Path train = trainList.toAbsolutePath().normalize();
        if (!Files.isRegularFile(train)) {
            throw new DatasetException(train, "annotation list does not exist");
        }
        Path classFile = options.classList() != null ? options.classList().toAbsolutePath().normalize()
                : train.resolveSibling(CLASS_LIST);
        if (!Files.isRegularFile(classFile)) {
            throw new DatasetException(classFile, "class list does not exist: MMAction2 labels are indices, and line i"
                    + " of the class list names class i - 1 (give one, or put " + CLASS_LIST + " beside " + train + ")");
        }
        List<String> classes = readClassList(classFile);
        Optional<Path> val = companion(train, "val");
        Optional<Path> test = companion(train, "test");
        boolean split = val.isPresent() || test.isPresent();

        List<ListedClips.Entry> entries = new ArrayList<>();
        entries.addAll(read(train, classes, classFile, split ? SplitRole.TRAIN : null));
        val.ifPresent(v -> entries.addAll(read(v, classes, classFile, test.isPresent() ? SplitRole.TRAIN
                : SplitRole.TEST)));
        test.ifPresent(t -> entries.addAll(read(t, classes, classFile, SplitRole.TEST)));
        ListedClips.Built built = ListedClips.build(train, ListedClips.base(train, options.videoRoot()), classes,
                entries);
        String groups = built.groups().describe();
        if (!split) {
            GroupKFold folds = options.groupKFold();
            String looked = train.getFileName().toString().contains(TRAIN)
                    ? "no val or test list beside " + train
                    : "the list's file name holds no '" + TRAIN + "' to find val and test lists by (" + train + ")";
            return new LabelledDataset(built.dataset(), folds, looked + ": " + folds.describe() + "; " + groups,
                    false, built.groups().known());
        }
        ManifestDataset.requireBothSides(train, built.roles());
        Path testSide = test.orElseGet(val::get);
        String trainSide = train + (test.isPresent() && val.isPresent() ? " and " + val.get() : "");
        return new LabelledDataset(built.dataset(),
                new ListedSplit("mmaction2-lists:" + train + "," + testSide, built.roles(), built.missing()),
                "MMAction2 lists: training side " + trainSide + ", test side " + testSide + "; " + groups,
                true, built.groups().known());
    }

    private static List<ListedClips.Entry> read(Path list, List<String> classes, Path classFile, SplitRole role) {
        List<ListedClips.Entry> entries = new ArrayList<>();
        for (SplitText.Line line : SplitText.read(list, "annotation list")) {
            String[] fields = line.text().split("\\s+");
            if (fields.length != 2) {
                throw new DatasetException(list, "line " + line.number() + ": expected '<relative/path.ext> "
                        + "<label index>', got '" + line.text() + "'");
            }
            int index;
            try {
                index = Integer.parseInt(fields[1]);
            } catch (NumberFormatException e) {
                throw new DatasetException(list, "line " + line.number() + ": label index '" + fields[1]
                        + "' is not a whole number");
            }
            if (index < 0 || index >= classes.size()) {
                throw new DatasetException(list, "line " + line.number() + ": label index " + index
                        + " is out of range: the class list " + classFile + " has " + classes.size() + " classes (0-"
                        + (classes.size() - 1) + ")");
            }
            entries.add(new ListedClips.Entry(list, line.number(), fields[0], classes.get(index), null, role));
        }
        return entries;
    }
}
