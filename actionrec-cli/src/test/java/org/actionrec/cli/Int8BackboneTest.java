package org.actionrec.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.actionrec.ActionRecognizer;
import org.actionrec.recognizer.ModelMismatchException;
import org.actionrec.RecognizerOptions;
import org.actionrec.backbone.FileDigestCache;
import org.actionrec.backbone.QuantizedFrom;
import org.actionrec.modelfile.ModelArchive;
import org.actionrec.modelfile.ModelFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An int8 backbone where a backbone goes: quantized with its conv-map companion on a small real dataset, then the
 * main job, the facade, explanations and a trained kind on it.
 */
class Int8BackboneTest {
    private static final Path SHARED = Path.of(System.getProperty("actionrec.shared", "../shared"));
    private static final Path FLOAT = SHARED.resolve("models/mobilenet_v2/mobilenet_v2_features.onnx");
    private static final List<String> CLASSES = List.of("golf", "pullup", "shoot_bow");

    @TempDir
    static Path tmp;
    static Path data;
    static Path int8;
    static Path out;
    static CliTestSupport.Result quantized;
    static CliTestSupport.Result run;

    @BeforeAll
    static void quantizeAndRunTheMainJob() throws Exception {
        Path jhmdb = SHARED.resolve("data/jhmdb");
        assumeTrue(Files.isDirectory(jhmdb) && Files.exists(FLOAT), "skipped: shared data or model not found under "
                + SHARED);
        data = CliTestSupport.miniJhmdb(jhmdb, tmp.resolve("mini"), CLASSES, 12);
        int8 = Files.createDirectories(tmp.resolve("backbones")).resolve("mobilenet_v2_features_int8.onnx");
        quantized = CliTestSupport.run("quantize", "-b", FLOAT.toString(), "--calibrate", data.toString(), "--out",
                int8.toString(), "--images", "48", "--streams", "rgb,mhi");
        assumeTrue(quantized.exitCode() == 0, "quantize failed: " + quantized.err());
        out = tmp.resolve("out");
        run = CliTestSupport.run("run", "--data", data.toString(), "--out", out.toString(), "--store",
                tmp.resolve("store").toString(), "-b", int8.toString(), "--streams", "rgb,mhi", "--c", "0.01,1");
    }

    @Test
    void quantizeWritesTheCompanionBesideAndTheBackboneNamesIt() throws Exception {
        Path companion = int8.resolveSibling("mobilenet_v2_convmap_int8.onnx");
        assertThat(quantized.out()).contains(companion.getFileName().toString()).contains("its conv-map companion");
        assertThat(QuantizedFrom.of(int8)).get().extracting(QuantizedFrom::convMapFile)
                .isEqualTo(companion.getFileName().toString());
        assertThat(QuantizedFrom.of(companion)).get().extracting(QuantizedFrom::sourceFile)
                .isEqualTo("mobilenet_v2_convmap.onnx");
    }

    @Test
    void theModelFileRecordsTheInt8BackboneAndTheFacadeReproducesItsTestTop1() throws Exception {
        assertThat(run.exitCode()).as(run.err()).isZero();
        Path model = out.resolve("model.actionrec");
        try (ModelArchive archive = ModelFile.open(model)) {
            var backbone = archive.manifest().backbone();
            assertThat(backbone.sha256()).isEqualTo(FileDigestCache.computeSha256(int8));
            assertThat(backbone.quantizedFrom().sourceSha256()).isEqualTo(FileDigestCache.computeSha256(FLOAT));
        }
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        int right = 0;
        int total = 0;
        try (ActionRecognizer recognizer = ActionRecognizer.open(model,
                RecognizerOptions.defaults().withBackbone(int8.toString()))) {
            for (String c : CLASSES) {
                for (String line : Files.readAllLines(data.resolve("splits").resolve(c + "_test_split1.txt"))) {
                    if (!line.endsWith(" 2")) continue;
                    Path clip = data.resolve(c).resolve(line.substring(0, line.length() - 2));
                    if (recognizer.predict(clip, 1).top().get(0).label().equals(c)) right++;
                    total++;
                }
            }
        }
        assertThat(100.0 * right / total).isCloseTo(report.at("/splits/0/streams/fused/top1_pct").asDouble(),
                org.assertj.core.data.Offset.offset(1e-9));
        // the float backbone it was quantized from is not the one the model learnt on, and the refusal says why
        assertThatThrownBy(() -> ActionRecognizer.open(model, RecognizerOptions.defaults().withBackbone(
                FLOAT.toString()))).isInstanceOf(ModelMismatchException.class)
                .hasMessageContaining("int8 quantization of mobilenet_v2_features.onnx");
    }

    @Test
    void explainReadsTheInt8CompanionAndTakesSaliencyFromTheFloatTorchScript() throws Exception {
        assertThat(run.exitCode()).as(run.err()).isZero();
        String clip = Files.list(data.resolve("golf")).sorted().findFirst().orElseThrow().toString();
        Path dir = tmp.resolve("explained");
        CliTestSupport.Result r = CliTestSupport.run("explain", clip, "-m", out.resolve("model.actionrec").toString(),
                "-b", int8.toString(), "--model-dir", FLOAT.getParent().toString(), "--out", dir.toString(),
                "--saliency-views", "1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(dir.resolve("explain.json").toFile());
        assertThat(json.at("/provenance/convMap/file").asText()).endsWith("mobilenet_v2_convmap_int8.onnx");
        assertThat(json.at("/provenance/saliencyBackbone/file").asText()).endsWith("mobilenet_v2_features.pt");
        assertThat(json.at("/warnings").toString()).contains("the conv maps are int8");
        assertThat(dir.resolve("golf_sheet.png")).exists();
    }

    @Test
    void trainingAConvMapKindOnTheInt8CompanionTrainsItsOwnModel() throws Exception {
        Path companion = int8.resolveSibling("mobilenet_v2_convmap_int8.onnx");
        Path dir = tmp.resolve("train-temporal-conv");
        CliTestSupport.Result r = CliTestSupport.run("train", "--model", "temporal-conv", "--data", data.toString(),
                "--out", dir.toString(), "--store", tmp.resolve("store").toString(), "-b", int8.toString(),
                "--convmap", companion.toString(), "--frames", "4", "--epochs", "2");
        assertThat(r.exitCode()).as(r.err()).isZero();
        try (ModelArchive archive = ModelFile.open(dir.resolve("temporal-conv/split1/model.actionrec"))) {
            assertThat(archive.manifest().backbone().sha256()).isEqualTo(FileDigestCache.computeSha256(companion));
        }
    }
}
