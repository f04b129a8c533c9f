package org.actionrec.dataset;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * A CSV or TSV manifest: a header row naming the columns {@code path}, {@code label} and optionally
 * {@code group} and {@code split} (any order, any case; other columns are ignored), then one clip per row.
 * Paths are relative to the manifest's folder (or the video root) or absolute. Classes are the labels named,
 * sorted, as {@link FolderPerClassDataset} sorts its class folders, so class indices agree with the folder
 * layout of the same data. An empty group cell falls back to the file-name conventions of {@link GroupIds}.
 * With a split column ({@code train}, {@code val}, {@code test} or {@code unused}; val joins the training side,
 * unused rows are on neither side) that split is
 * the protocol, otherwise {@link GroupKFold}. CSV fields may be double-quoted ({@code ""} inside quotes is a
 * quote); TSV fields are taken as they are.
 */
public final class ManifestDataset {
    static final String PATH = "path";
    static final String LABEL = "label";
    static final String GROUP = "group";
    static final String SPLIT = "split";

    private ManifestDataset() {
    }

    /** True for the file names this class reads: {@code .csv} and {@code .tsv}. */
    public static boolean isManifest(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".csv") || name.endsWith(".tsv");
    }

    /**
     * Reads the manifest and chooses its protocol.
     *
     * @throws DatasetException naming the manifest and, for a bad row, its line: the file missing, no header,
     *                          no {@code path} or {@code label} column, a row of the wrong width, an empty path or
     *                          label, an unknown split value, a path listed twice differently, or no listed file
     *                          on disk
     */
    public static LabelledDataset open(Path manifest, DatasetOptions options) {
        Path file = manifest.toAbsolutePath().normalize();
        char delimiter = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".tsv") ? '\t' : ',';
        List<SplitText.Line> lines = SplitText.read(file, "manifest");
        if (lines.isEmpty()) {
            throw new DatasetException(file, "manifest is empty (expected a header row: path,label[,group][,split])");
        }
        SplitText.Line headerLine = lines.get(0);
        List<String> names = fields(file, headerLine, delimiter);
        Map<String, Integer> columns = header(file, headerLine, names);
        int pathAt = columns.get(PATH);
        int labelAt = columns.get(LABEL);
        Integer groupAt = columns.get(GROUP);
        Integer splitAt = columns.get(SPLIT);

        List<ListedClips.Entry> entries = new ArrayList<>();
        TreeSet<String> labels = new TreeSet<>();
        for (SplitText.Line line : lines.subList(1, lines.size())) {
            List<String> f = fields(file, line, delimiter);
            if (f.size() != names.size()) {
                throw new DatasetException(file, "line " + line.number() + ": " + f.size() + " fields, the header has "
                        + names.size());
            }
            String path = f.get(pathAt);
            String label = f.get(labelAt);
            if (path.isEmpty() || label.isEmpty()) {
                throw new DatasetException(file, "line " + line.number() + ": empty " + (path.isEmpty() ? PATH : LABEL));
            }
            String group = groupAt == null || f.get(groupAt).isEmpty() ? null : f.get(groupAt);
            SplitRole role = splitAt == null ? null : role(file, line, f.get(splitAt));
            entries.add(new ListedClips.Entry(file, line.number(), path, label, group, role));
            labels.add(label);
        }
        ListedClips.Built built = ListedClips.build(file, ListedClips.base(file, options.videoRoot()),
                List.copyOf(labels), entries);
        String groups = built.groups().describe();
        if (splitAt == null) {
            GroupKFold folds = options.groupKFold();
            return new LabelledDataset(built.dataset(), folds, "no split column in manifest " + file + ": "
                    + folds.describe() + "; " + groups, false, built.groups().known());
        }
        requireBothSides(file, built.roles());
        return new LabelledDataset(built.dataset(), new ListedSplit("manifest-split:" + file, built.roles(),
                built.missing()), "split column of manifest " + file + " (train and val rows train, test rows test); "
                + groups, true, built.groups().known());
    }

    /**
     * Writes a CSV manifest of the dataset's clips with {@code split}'s sides (clips on neither side are
     * {@code unused}): paths relative to the dataset root where the clip lies below it, so that reading it with
     * that root as video root ({@link DatasetOptions#videoRoot()}) gives the same clip names and classes.
     * Written to a temporary file and moved into place.
     *
     * @throws UncheckedIOException naming the file where it cannot be written
     */
    public static void write(Path manifest, VideoDataset dataset, Split split) {
        Map<String, String> side = new java.util.HashMap<>();
        split.train().forEach(c -> side.put(c.relativeName(), "train"));
        split.test().forEach(c -> side.put(c.relativeName(), "test"));
        StringBuilder out = new StringBuilder("path,label,group,split\n");
        for (VideoClip c : dataset.clips()) {
            out.append(csv(c.relativeName())).append(',').append(csv(c.label())).append(',').append(csv(c.group()))
                    .append(',').append(side.getOrDefault(c.relativeName(), "unused")).append('\n');
        }
        Path file = manifest.toAbsolutePath().normalize();
        try {
            java.nio.file.Files.createDirectories(file.getParent());
            Path tmp = java.nio.file.Files.createTempFile(file.getParent(), ".manifest-", ".part");
            java.nio.file.Files.writeString(tmp, out, java.nio.charset.StandardCharsets.UTF_8);
            java.nio.file.Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException("cannot write manifest " + file + ": " + e.getMessage(), e);
        }
    }

    /** A CSV field, quoted where it holds a comma, a quote or a line break. */
    private static String csv(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0
                && field.strip().equals(field)) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }

    /** A split with nothing to train on or nothing to test on is a manifest mistake, not a protocol. */
    static void requireBothSides(Path file, Map<String, SplitRole> roles) {
        for (SplitRole side : List.of(SplitRole.TRAIN, SplitRole.TEST)) {
            if (!roles.containsValue(side)) {
                throw new DatasetException(file, "no " + (side == SplitRole.TRAIN ? "train (or val)" : "test")
                        + " clips, so the split has nothing to " + (side == SplitRole.TRAIN ? "train" : "test") + " on");
            }
        }
    }

    /** Column positions by lower-case name; unnamed or unknown columns are ignored. */
    private static Map<String, Integer> header(Path file, SplitText.Line line, List<String> names) {
        Map<String, Integer> columns = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i).toLowerCase(Locale.ROOT);
            if (!name.isEmpty() && columns.put(name, i) != null) {
                throw new DatasetException(file, "line " + line.number() + ": column '" + name + "' appears twice");
            }
        }
        for (String required : List.of(PATH, LABEL)) {
            if (!columns.containsKey(required)) {
                throw new DatasetException(file, "header (line " + line.number() + ") has no '" + required
                        + "' column (found: " + String.join(", ", names) + "; expected path,label[,group][,split])");
            }
        }
        return columns;
    }

    private static SplitRole role(Path file, SplitText.Line line, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "train", "val" -> SplitRole.TRAIN;
            case "test" -> SplitRole.TEST;
            case "unused" -> SplitRole.UNUSED;
            default -> throw new DatasetException(file, "line " + line.number() + ": split '" + value
                    + "' is not train, val, test or unused");
        };
    }

    /** The fields of one line, trimmed; CSV quotes honoured. */
    static List<String> fields(Path file, SplitText.Line line, char delimiter) {
        String text = line.text();
        List<String> out = new ArrayList<>();
        if (delimiter == '\t') {
            for (String f : text.split("\t", -1)) {
                out.add(f.strip());
            }
            return out;
        }
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.toString().isBlank()) {
                quoted = true;
                wasQuoted = true;
                field.setLength(0);
            } else if (c == delimiter) {
                out.add(wasQuoted ? field.toString() : field.toString().strip());
                field.setLength(0);
                wasQuoted = false;
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new DatasetException(file, "line " + line.number() + ": unclosed double quote");
        }
        out.add(wasQuoted ? field.toString() : field.toString().strip());
        return out;
    }
}
