package org.actionrec.modelfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.actionrec.head.TemperatureScaling;
import org.actionrec.streams.StreamConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
    @TempDir
    Path tmp;

    private static ModelManifest manifest() {
        return ModelManifest.builder().setKind(ModelManifest.STREAM_POOL, "frozen-svm-pool")
                .setClasses(List.of("a", "b")).setInput(StreamConfig.ALL_STREAMS,
                        new ModelManifest.BackboneRef("mobilenet_v2", "m_int8.onnx", "ab12", 1280, null,
                                new org.actionrec.backbone.QuantizedFrom("m.onnx", "cd34", "percentile", "ef56", null)))
                .optDescription("a test").optCalibration(new TemperatureScaling(1.7))
                .optRecord(Map.of("protocol", "p"), Map.of("top1_pct", 50.0), Map.of("date", "today")).build();
    }

    private Path written() throws Exception {
        Path file = tmp.resolve("model.actionrec");
        new ModelFile.Writer(manifest()).add("pool.json", "{\"x\":1}".getBytes(StandardCharsets.UTF_8))
                .add("checkpoints/m1/state.json", "{}".getBytes(StandardCharsets.UTF_8)).write(file);
        return file;
    }

    @Test
    void roundTripsTheManifestAndEntries() throws Exception {
        Path file = written();
        Path unpacked;
        try (ModelArchive a = ModelFile.open(file)) {
            assertThat(a.manifest()).isEqualTo(manifest());
            assertThat(a.manifest().calibration().temperature()).isEqualTo(1.7);
            assertThat(a.manifest().backbone().quantizedFrom().sourceSha256()).isEqualTo("cd34");
            assertThat(Files.readString(a.path("manifest.json"))).contains("\"quantized_from\"")
                    .contains("\"source_sha256\"");
            assertThat(a.entries()).contains("manifest.json", "labels.txt", "pool.json", "checkpoints/m1/state.json");
            assertThat(Files.readString(a.path("labels.txt"))).isEqualTo("a\nb\n");
            assertThat(Files.readString(a.path("pool.json"))).isEqualTo("{\"x\":1}");
            unpacked = a.path("pool.json");
            assertThatThrownBy(() -> a.path("missing.json")).isInstanceOf(ModelFileException.class)
                    .hasMessageContaining("missing.json");
        }
        assertThat(unpacked).doesNotExist(); // closing deletes the unpacked copy
        assertThat(Files.readString(file, StandardCharsets.ISO_8859_1)).startsWith("PK");
        assertThat(tmp.resolve("model.actionrec.part")).doesNotExist(); // written whole, then moved
    }

    @Test
    void aTruncatedFileIsRefused() throws Exception {
        Path file = written();
        byte[] all = Files.readAllBytes(file);
        Path cut = Files.write(tmp.resolve("cut.actionrec"), Arrays.copyOf(all, all.length / 2));
        assertThatThrownBy(() -> ModelFile.open(cut)).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("cut.actionrec").hasMessageContaining("truncated or corrupted");
    }

    @Test
    void aCorruptedEntryIsRefused() throws Exception {
        Path file = tmp.resolve("model.actionrec");
        // an entry that does not compress, whose stored bytes are then changed in place
        byte[] noise = new byte[4000];
        new java.util.Random(1).nextBytes(noise);
        new ModelFile.Writer(manifest()).add("pool.json", noise).write(file);
        byte[] all = Files.readAllBytes(file);
        int name = indexOf(all, "pool.json".getBytes(StandardCharsets.UTF_8), 0); // in its local header
        int at = name + "pool.json".length() + 1000; // inside its data
        all[at] ^= 0x5a;
        all[at + 1] ^= 0x5a;
        Path bad = Files.write(tmp.resolve("bad.actionrec"), all);
        assertThatThrownBy(() -> ModelFile.open(bad)).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("bad.actionrec").hasMessageContaining("corrupted");
    }

    @Test
    void foreignNewerEmptyAndEarlierFilesAreRefusedWithTheirCause() throws Exception {
        Path zip = tmp.resolve("other.zip");
        writeZip(zip, "readme.txt", "hello");
        assertThatThrownBy(() -> ModelFile.open(zip)).hasMessageContaining("not an actionrec model file")
                .hasMessageContaining("without manifest.json");

        Path foreign = tmp.resolve("foreign.actionrec");
        writeZip(foreign, "manifest.json", "{\"format\":\"something-else\",\"format_version\":1}");
        assertThatThrownBy(() -> ModelFile.open(foreign)).hasMessageContaining("format 'something-else'");

        Path newer = tmp.resolve("newer.actionrec");
        writeZip(newer, "manifest.json", "{\"format\":\"actionrec-model\",\"format_version\":7}");
        assertThatThrownBy(() -> ModelFile.open(newer)).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("newer actionrec").hasMessageContaining("version 7");

        Path empty = Files.createFile(tmp.resolve("empty.actionrec"));
        assertThatThrownBy(() -> ModelFile.open(empty)).hasMessageContaining("empty");

        Path text = Files.writeString(tmp.resolve("text.actionrec"), "just text");
        assertThatThrownBy(() -> ModelFile.open(text)).hasMessageContaining("not a zip archive");

        Path json = Files.writeString(tmp.resolve("model.json"), "{\"format\":\"actionrec-stream-pool/1\"}");
        assertThatThrownBy(() -> ModelFile.open(json)).hasMessageContaining("earlier model bundle")
                .hasMessageContaining("model.actionrec");

        assertThatThrownBy(() -> ModelFile.open(tmp.resolve("nowhere.actionrec")))
                .hasMessageContaining("nowhere.actionrec").hasMessageContaining("not found");

        Path slip = tmp.resolve("slip.actionrec");
        try (OutputStream out = Files.newOutputStream(slip); ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("manifest.json"));
            z.write(manifestJson());
            z.closeEntry();
            z.putNextEntry(new ZipEntry("../escape.txt"));
            z.write(1);
            z.closeEntry();
        }
        assertThatThrownBy(() -> ModelFile.open(slip)).hasMessageContaining("outside the archive");
        assertThat(tmp.getParent().resolve("escape.txt")).doesNotExist();
    }

    @Test
    void entryNamesCannotLeaveTheArchiveOrReplaceTheManifest() {
        ModelFile.Writer w = new ModelFile.Writer(manifest());
        assertThatThrownBy(() -> w.add("../x", new byte[1])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> w.add("manifest.json", new byte[1])).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] manifestJson() throws Exception {
        return ModelFile.json().writeValueAsBytes(manifest());
    }

    private static void writeZip(Path file, String entry, String content) throws Exception {
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry(entry));
            z.write(content.getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
    }

    private static int indexOf(byte[] data, byte[] what, int from) {
        outer:
        for (int i = from; i <= data.length - what.length; i++) {
            for (int j = 0; j < what.length; j++) if (data[i + j] != what[j]) continue outer;
            return i;
        }
        throw new AssertionError("not found");
    }
}
