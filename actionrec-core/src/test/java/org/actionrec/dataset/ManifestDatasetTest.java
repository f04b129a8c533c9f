package org.actionrec.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestDatasetTest {
    /** Sorted, so the MMAction2 class list and the manifest's sorted labels give the same indices. */
    static final List<String> CLASSES = List.of("jump", "sit", "wave");

    /** One listed clip of the small dataset: its path below the data folder, label and side. */
    record Row(String path, String label, String split) {
    }

    /** 3 classes × 4 source videos × 2 clips, HMDB-style names; sources 0-2 train, source 3 test. */
    static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (String label : CLASSES) {
            for (int source = 0; source < 4; source++) {
                for (int clip = 0; clip < 2; clip++) {
                    rows.add(new Row("videos/" + label + "/src" + source + "_" + label + "_u_nm_" + clip + ".avi",
                            label, source == 3 ? "test" : "train"));
                }
            }
        }
        return rows;
    }

    /** The dummy video files (the loaders never decode). */
    static void writeVideos(Path dir, List<Row> rows) throws IOException {
        for (Row r : rows) {
            Path f = dir.resolve(r.path());
            Files.createDirectories(f.getParent());
            Files.writeString(f, "dummy");
        }
    }

    static Path writeCsv(Path file, List<Row> rows, boolean withSplit) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(withSplit ? "path,label,split" : "path,label");
        rows.forEach(r -> lines.add(r.path() + "," + r.label() + (withSplit ? "," + r.split() : "")));
        return Files.write(file, lines);
    }

    /** MMAction2 lists: {@code <prefix>train<suffix>} and {@code <prefix>test<suffix>}, and classes.txt. */
    static Path writeLists(Path dir, List<Row> rows, List<String> classes) throws IOException {
        Files.write(dir.resolve("classes.txt"), classes);
        List<String> train = new ArrayList<>();
        List<String> test = new ArrayList<>();
        for (Row r : rows) {
            (r.split().equals("test") ? test : train).add(r.path() + " " + classes.indexOf(r.label()));
        }
        Files.write(dir.resolve("mine_test_split_1_videos.txt"), test);
        return Files.write(dir.resolve("mine_train_split_1_videos.txt"), train);
    }

    @Test
    void theSameDatasetAsMmactionListsAndAsCsvManifestGivesTheSameClipsLabelsAndSplit(@TempDir Path tmp)
            throws IOException {
        List<Row> rows = rows();
        writeVideos(tmp, rows);
        LabelledDataset csv = DatasetSource.open(writeCsv(tmp.resolve("clips.csv"), rows, true), DatasetOptions.DEFAULTS);
        LabelledDataset lists = DatasetSource.open(writeLists(tmp, rows, CLASSES), DatasetOptions.DEFAULTS);

        assertThat(csv.dataset().classes()).isEqualTo(CLASSES);
        assertThat(lists.dataset().classes()).isEqualTo(CLASSES);
        assertThat(csv.dataset().clips()).hasSize(24).isEqualTo(lists.dataset().clips());
        assertThat(csv.dataset().root()).isEqualTo(lists.dataset().root()).isEqualTo(tmp.toAbsolutePath().normalize());
        VideoClip first = csv.dataset().clips().get(0);
        assertThat(first.relativeName()).isEqualTo("videos/jump/src0_jump_u_nm_0.avi");
        assertThat(first.path()).isEqualTo(tmp.toAbsolutePath().normalize().resolve(first.relativeName()));
        assertThat(first.classIndex()).isZero();
        assertThat(first.group()).isEqualTo("src0");

        Split fromCsv = csv.splits().get(0);
        Split fromLists = lists.splits().get(0);
        assertThat(fromCsv.train()).hasSize(18).isEqualTo(fromLists.train());
        assertThat(fromCsv.test()).hasSize(6).isEqualTo(fromLists.test());
        assertThat(fromCsv.sharedGroups()).isEmpty();
        assertThat(csv.protocol().name()).isEqualTo("manifest-split:" + tmp.toAbsolutePath().normalize().resolve("clips.csv"));
        assertThat(lists.protocol().name()).startsWith("mmaction2-lists:");
        assertThat(csv.officialSplits()).isTrue();
        assertThat(lists.officialSplits()).isTrue();
        assertThat(csv.groupsKnown()).isTrue();
        assertThat(lists.why()).contains("test side " + tmp.toAbsolutePath().normalize()
                .resolve("mine_test_split_1_videos.txt"));
    }

    @Test
    void withoutASplitColumnTheManifestGetsGroupKFold(@TempDir Path tmp) throws IOException {
        List<Row> rows = rows();
        writeVideos(tmp, rows);
        Path manifest = writeCsv(tmp.resolve("clips.csv"), rows, false);
        LabelledDataset d = DatasetSource.open(manifest, DatasetOptions.DEFAULTS.withFolds(4));
        assertThat(d.protocol().name()).isEqualTo("group-kfold(k=4, seed=42)");
        assertThat(d.officialSplits()).isFalse();
        assertThat(d.why()).isEqualTo("no split column in manifest " + manifest.toAbsolutePath().normalize()
                + ": 4 grouped, stratified folds, seed 42; groups: from file names (HMDB/JHMDB source video)");
        assertThat(d.splits()).hasSize(4).allSatisfy(s -> {
            assertThat(s.sharedGroups()).isEmpty();
            assertThat(s.test().stream().map(VideoClip::label).distinct()).hasSize(3);
        });
    }

    @Test
    void tsvWithAGroupColumnAbsolutePathsValRowsAndOtherColumns(@TempDir Path tmp) throws IOException {
        Path videos = Files.createDirectories(tmp.resolve("elsewhere"));
        List<String> lines = new ArrayList<>(List.of("Label\tnotes\tPATH\tGroup\tSplit"));
        for (int i = 0; i < 6; i++) {
            String label = i % 2 == 0 ? "wave" : "jump";
            Path f = Files.writeString(videos.resolve("clip " + i + ".mp4"), "dummy");
            lines.add(label + "\tsome note\t" + (i < 3 ? f.toString() : "elsewhere/clip " + i + ".mp4") + "\tperson"
                    + (i / 2) + "\t" + (i < 2 ? "test" : i < 4 ? "val" : "train"));
        }
        Path manifest = Files.write(tmp.resolve("m.tsv"), lines);
        LabelledDataset d = DatasetSource.open(manifest, DatasetOptions.DEFAULTS);
        assertThat(d.dataset().classes()).containsExactly("jump", "wave");
        assertThat(d.dataset().clips()).extracting(VideoClip::group).containsOnly("person0", "person1", "person2");
        assertThat(d.dataset().clip("elsewhere/clip 4.mp4")).isPresent();
        assertThat(d.groupsKnown()).isTrue();
        assertThat(d.why()).endsWith("groups: from the manifest's group column");
        Split s = d.splits().get(0);
        assertThat(s.test()).extracting(VideoClip::fileName).containsExactlyInAnyOrder("clip 0.mp4", "clip 1.mp4");
        assertThat(s.train()).hasSize(4); // val rows train
    }

    @Test
    void quotedCsvFieldsMayHoldCommasAndQuotes(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("a, \"b\".avi"), "dummy");
        Files.writeString(tmp.resolve("c.avi"), "dummy");
        Path manifest = Files.writeString(tmp.resolve("m.csv"), "path,label\n\"a, \"\"b\"\".avi\",x\nc.avi,y\n");
        LabelledDataset d = DatasetSource.open(manifest, DatasetOptions.DEFAULTS.withFolds(2));
        assertThat(d.dataset().clips()).extracting(VideoClip::relativeName).containsExactly("a, \"b\".avi", "c.avi");
        assertThat(d.groupsKnown()).isFalse();
    }

    @Test
    void aVideoRootMovesWhereRelativePathsStart(@TempDir Path tmp) throws IOException {
        List<Row> rows = rows();
        Path data = Files.createDirectories(tmp.resolve("data"));
        writeVideos(data, rows);
        Path manifest = writeCsv(tmp.resolve("clips.csv"), rows, true);
        assertThatThrownBy(() -> DatasetSource.open(manifest, DatasetOptions.DEFAULTS))
                .isInstanceOf(DatasetException.class).hasMessageContaining("clips.csv")
                .hasMessageContaining("none of the 24 listed video files exist (relative paths start from " + tmp);
        LabelledDataset d = DatasetSource.open(manifest, DatasetOptions.DEFAULTS.withVideoRoot(data));
        assertThat(d.dataset().size()).isEqualTo(24);
        assertThat(d.dataset().root()).isEqualTo(data.toAbsolutePath().normalize());
    }

    @Test
    void listedFilesMissingOnDiskAreInTheSplitsMissingAndSkipped(@TempDir Path tmp) throws IOException {
        List<Row> rows = rows();
        writeVideos(tmp, rows.subList(1, rows.size()));
        LabelledDataset d = DatasetSource.open(writeCsv(tmp.resolve("clips.csv"), rows, true), DatasetOptions.DEFAULTS);
        assertThat(d.dataset().size()).isEqualTo(23);
        assertThat(d.splits().get(0).missing()).containsExactly(rows.get(0).path());
        assertThat(d.dataset().skipped()).singleElement().satisfies(s -> assertThat(s.reason())
                .isEqualTo("listed in clips.csv line 2 but the file does not exist"));
    }

    @Test
    void badManifestsNameTheFileLineAndCause(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("a.avi"), "dummy");
        assertThatThrownBy(() -> open(tmp, "no-label.csv", "path,group\na.avi,g1\n"))
                .isInstanceOf(DatasetException.class).hasMessageContaining("no-label.csv")
                .hasMessageContaining("header (line 1) has no 'label' column (found: path, group; expected "
                        + "path,label[,group][,split])");
        assertThatThrownBy(() -> open(tmp, "width.csv", "path,label\na.avi,x,extra\n"))
                .isInstanceOf(DatasetException.class).hasMessageContaining("width.csv: line 2: 3 fields, the header has 2");
        assertThatThrownBy(() -> open(tmp, "split.csv", "path,label,split\na.avi,x,holdout\n"))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("split.csv: line 2: split 'holdout' is not train, val, test or unused");
        assertThatThrownBy(() -> open(tmp, "empty.csv", "path,label\na.avi,\n"))
                .isInstanceOf(DatasetException.class).hasMessageContaining("line 2: empty label");
        assertThatThrownBy(() -> open(tmp, "twice.csv", "path,label\na.avi,x\n./a.avi,y\n"))
                .isInstanceOf(DatasetException.class).hasMessageContaining("twice.csv: line 3: ./a.avi is already "
                        + "listed (twice.csv line 2) as label x, here as label y");
        assertThatThrownBy(() -> open(tmp, "notest.csv", "path,label,split\na.avi,x,train\n"))
                .isInstanceOf(DatasetException.class).hasMessageContaining("notest.csv: no test clips");
        assertThatThrownBy(() -> open(tmp, "quote.csv", "path,label\n\"a.avi,x\n"))
                .isInstanceOf(DatasetException.class).hasMessageContaining("line 2: unclosed double quote");
        assertThatThrownBy(() -> open(tmp, "blank.csv", "\n\n"))
                .isInstanceOf(DatasetException.class).hasMessageContaining("manifest is empty");
        assertThatThrownBy(() -> ManifestDataset.open(tmp.resolve("absent.csv"), DatasetOptions.DEFAULTS))
                .isInstanceOf(DatasetException.class).hasMessageContaining("absent.csv: manifest does not exist");
        assertThatThrownBy(() -> open(tmp, "folder.csv", "path,label\n.,x\n"))
                .isInstanceOf(DatasetException.class).hasMessageContaining("is a folder, not a video file");
    }

    @Test
    void aWrittenManifestReadsBackAsTheSameClipsClassesAndSides(@TempDir Path tmp) throws IOException {
        List<Row> rows = rows();
        writeVideos(tmp, rows);
        LabelledDataset original = ManifestDataset.open(writeCsv(tmp.resolve("in.csv"), rows, true),
                DatasetOptions.DEFAULTS);
        Split split = original.splits().get(0);
        // One clip on neither side: written as unused, read back on neither side.
        VideoClip left = split.train().get(0);
        Split fewer = new Split(split.name(), split.train().subList(1, split.train().size()), split.test(), List.of(),
                List.of(), List.of());
        Path out = tmp.resolve("out/manifest.csv");
        ManifestDataset.write(out, original.dataset(), fewer);

        assertThat(Files.readAllLines(out).get(0)).isEqualTo("path,label,group,split");
        LabelledDataset back = ManifestDataset.open(out, new DatasetOptions(5, 42, null, tmp));
        assertThat(back.dataset().classes()).isEqualTo(original.dataset().classes());
        assertThat(back.dataset().clips()).extracting(VideoClip::relativeName, VideoClip::label, VideoClip::group,
                VideoClip::path).isEqualTo(original.dataset().clips().stream().map(c -> org.assertj.core.groups.Tuple
                .tuple(c.relativeName(), c.label(), c.group(), c.path())).toList());
        Split read = back.splits().get(0);
        assertThat(read.train()).extracting(VideoClip::relativeName)
                .isEqualTo(fewer.train().stream().map(VideoClip::relativeName).toList());
        assertThat(read.test()).extracting(VideoClip::relativeName)
                .isEqualTo(fewer.test().stream().map(VideoClip::relativeName).toList());
        assertThat(read.unused()).extracting(VideoClip::relativeName).containsExactly(left.relativeName());
    }

    private static LabelledDataset open(Path dir, String name, String text) throws IOException {
        return DatasetSource.open(Files.writeString(dir.resolve(name), text), DatasetOptions.DEFAULTS);
    }
}
