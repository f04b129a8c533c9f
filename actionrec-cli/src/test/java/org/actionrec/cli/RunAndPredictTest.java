package org.actionrec.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The main job and prediction on a small real dataset: 3 JHMDB classes, 12 clips each, one split file per class. */
class RunAndPredictTest {
    static final Path SHARED = Path.of(System.getProperty("actionrec.shared", "../shared"));
    static final Path JHMDB = SHARED.resolve("data/jhmdb");
    static final Path MODEL = SHARED.resolve("models/mobilenet_v2/mobilenet_v2_features.onnx");
    static final List<String> CLASSES = List.of("golf", "pullup", "shoot_bow");

    @TempDir
    static Path tmp;
    static Path data;
    static Path out;
    static CliTestSupport.Result run;

    @BeforeAll
    static void runTheMainJob() throws Exception {
        assumeTrue(Files.isDirectory(JHMDB) && Files.exists(MODEL), "skipped: shared data or model not found under " + SHARED);
        data = CliTestSupport.miniJhmdb(JHMDB, tmp.resolve("mini jhmdb"), CLASSES, 12);
        out = tmp.resolve("out");
        run = CliTestSupport.run("run", "--data", data.toString(), "--out", out.toString(),
                "--store", tmp.resolve("store").toString(), "-b", MODEL.toString(), "--streams", "rgb,mhi",
                "--c", "0.01,1");
    }

    @Test
    void runWritesReportConfusionFailuresAndModel() throws Exception {
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("rgb").contains("mhi").contains("fused");
        for (String f : List.of("report.md", "report.json", "model.actionrec", "failures.csv", "confusion_rgb_split1.png",
                "confusion_mhi_split1.csv", "confusion_fused_split1.png", "reliability_fused_split1.png",
                "reliability_fused_split1.csv")) {
            assertThat(out.resolve(f)).as(f).exists();
        }
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        double fusedTop1 = report.at("/mean_over_splits/fused/top1_pct").asDouble(-1);
        // Golf, pull-ups and archery look nothing alike: far above the 33% of chance.
        assertThat(fusedTop1).isGreaterThan(60);
        assertThat(report.at("/provenance/backbone/sha256").asText())
                .isEqualTo("05ea44f184f52f8ca0cad2a84fa36e8a2a2bd9d9c6cc324a7c42d28cf37efb36");
        assertThat(Files.readString(out.resolve("report.md"))).contains("| **fused** |").contains("Provenance")
                .contains("Calibration of the probabilities").contains("model.actionrec");
        assertThat(report.at("/splits/0/calibration/temperature").asDouble(-1)).isPositive();
        assertThat(report.at("/splits/0/calibration/nll_after").asDouble(-1))
                .isLessThanOrEqualTo(report.at("/splits/0/calibration/nll_before").asDouble(-1) + 0.5);
    }

    @Test
    void predictGivesTopClassesForATrainedClass() throws Exception {
        assumeTrue(run.exitCode() == 0, "the main job failed");
        Path golf;
        try (Stream<Path> s = Files.list(data.resolve("golf"))) {
            golf = s.sorted().findFirst().orElseThrow();
        }
        CliTestSupport.Result r = CliTestSupport.run("predict", "--json", "--top", "3", "-m",
                out.resolve("model.actionrec").toString(), "-b", MODEL.toString(), golf.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode p = new ObjectMapper().readTree(r.out());
        assertThat(p.get("top")).hasSize(3);
        assertThat(p.at("/top/0/label").asText()).isEqualTo("golf");
        assertThat(p.at("/label").asText()).isEqualTo("golf");
        assertThat(p.at("/frames").asInt()).isPositive();
        assertThat(p.get("warnings").isArray()).isTrue();
        double sum = 0;
        for (JsonNode c : p.get("top")) sum += c.at("/probability").asDouble();
        assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6)); // all 3 classes listed

        CliTestSupport.Result unsure = CliTestSupport.run("predict", "--json", "--min-probability", "0.999", "-m",
                out.resolve("model.actionrec").toString(), "-b", MODEL.toString(), golf.toString());
        assertThat(unsure.exitCode()).as(unsure.err()).isZero();
        JsonNode u = new ObjectMapper().readTree(unsure.out());
        assertThat(u.at("/label").asText()).isEqualTo(u.at("/top/0/probability").asDouble() < 0.999 ? "unknown"
                : "golf");

        // without -b, the backbone the model file names is looked for beside it and in --model-dir
        CliTestSupport.Result noBackbone = CliTestSupport.run("predict", "-m", out.resolve("model.actionrec")
                .toString(), "--model-dir", tmp.resolve("no-models").toString(), golf.toString());
        assertThat(noBackbone.exitCode()).isOne();
        assertThat(noBackbone.err()).contains("mobilenet_v2_features.onnx").contains("--embed-backbone");
        CliTestSupport.Result fromDir = CliTestSupport.run("predict", "-m", out.resolve("model.actionrec")
                .toString(), "--model-dir", MODEL.getParent().toString(), golf.toString());
        assertThat(fromDir.exitCode()).as(fromDir.err()).isZero();
        assertThat(fromDir.out()).contains(": golf");
    }

    @Test
    void predictWithTheModelFileReproducesTheRunsTestTop1() throws Exception {
        assumeTrue(run.exitCode() == 0, "the main job failed");
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertThat(predictedTop1(out.resolve("model.actionrec"), "-b", MODEL.toString()))
                .isCloseTo(report.at("/splits/0/streams/fused/top1_pct").asDouble(),
                        org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void explainWritesPicturesAndJsonAndBenchExplainTimesIt() throws Exception {
        assumeTrue(run.exitCode() == 0, "the main job failed");
        Path golf;
        try (Stream<Path> s = Files.list(data.resolve("golf"))) {
            golf = s.sorted().findFirst().orElseThrow();
        }
        Path dir = tmp.resolve("explained");
        CliTestSupport.Result r = CliTestSupport.run("explain", golf.toString(), "-m",
                out.resolve("model.actionrec").toString(), "--model-dir", MODEL.getParent().toString(), "--out",
                dir.toString(), "--class", "golf,pullup", "--saliency-views", "2");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("cam over the last convolution").contains("golf").contains("of the evidence");
        JsonNode json = new ObjectMapper().readTree(dir.resolve("explain.json").toFile());
        assertThat(json.at("/classes/0/label").asText()).isEqualTo("golf");
        assertThat(json.at("/classes/1/label").asText()).isEqualTo("pullup");
        assertThat(json.at("/classes/0/views")).hasSize(2 * 5); // rgb and mhi, 5 keyframes: only what the model reads
        assertThat(json.at("/method/saliency").asText()).isEqualTo("gradient x input");
        for (String f : List.of("golf_sheet.png", "golf.gif", "golf_k1_rgb.png", "golf_k5_mhi.png", "pullup_sheet.png")) {
            assertThat(dir.resolve(f)).as(f).exists();
        }
        CliTestSupport.Result bad = CliTestSupport.run("explain", tmp.resolve("missing.avi").toString(), "-m",
                out.resolve("model.actionrec").toString(), "--model-dir", MODEL.getParent().toString(), "--out",
                dir.toString());
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.err()).contains("missing.avi");

        CliTestSupport.Result bench = CliTestSupport.run("bench", "explain", data.toString(), "-m",
                out.resolve("model.actionrec").toString(), "--model-dir", MODEL.getParent().toString(), "--limit", "2",
                "--warm-up", "1", "--saliency-views", "0");
        assertThat(bench.exitCode()).as(bench.err()).isZero();
        assertThat(bench.out()).contains("clips 2").contains("median");
    }

    /** Split 1's test clips of the mini dataset: path and class. */
    private static List<String[]> testClips() throws Exception {
        List<String[]> clips = new ArrayList<>();
        for (String c : CLASSES) {
            for (String line : Files.readAllLines(data.resolve("splits").resolve(c + "_test_split1.txt"))) {
                if (line.endsWith(" 2")) {
                    clips.add(new String[] {data.resolve(c).resolve(line.substring(0, line.length() - 2)).toString(), c});
                }
            }
        }
        return clips;
    }

    @Test
    void trainThenEvaluateReproduceTheRunsSplit() throws Exception {
        assumeTrue(run.exitCode() == 0, "the main job failed");
        Path model = tmp.resolve("trained/model.actionrec");
        String[] common = {"--data", data.toString(), "--store", tmp.resolve("store").toString(), "-b", MODEL.toString()};
        CliTestSupport.Result train = CliTestSupport.run(concat(new String[] {"train", "--preset", "fast", "--split",
                "1", "--out", tmp.resolve("trained").toString(), "--streams", "rgb,mhi", "--c", "0.01,1"}, common));
        assertThat(train.exitCode()).as(train.err()).isZero();
        assertThat(model).exists();
        Path evalOut = tmp.resolve("eval");
        CliTestSupport.Result eval = CliTestSupport.run(concat(new String[] {"evaluate", "--split", "1", "-m",
                model.toString(), "--out", evalOut.toString()}, common));
        assertThat(eval.exitCode()).as(eval.err()).isZero();
        JsonNode fromRun = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        JsonNode fromEval = new ObjectMapper().readTree(evalOut.resolve("report.json").toFile());
        // Same features, same seed, same settings: the same model and the same figures.
        assertThat(fromEval.at("/mean_over_splits/fused/top1_pct").asDouble())
                .isEqualTo(fromRun.at("/mean_over_splits/fused/top1_pct").asDouble());
        assertThat(evalOut.resolve("confusion_mhi_split1.png")).exists();
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    @Test
    void predictRefusesAnotherBackboneAndReportsBadVideos() throws Exception {
        assumeTrue(run.exitCode() == 0, "the main job failed");
        Path other = SHARED.resolve("models/mobilenet_v2/mobilenet_v2_features.pt");
        CliTestSupport.Result wrong = CliTestSupport.run("predict", "-m", out.resolve("model.actionrec").toString(),
                "-b", other.toString(), "whatever.avi");
        assertThat(wrong.exitCode()).isEqualTo(1);
        assertThat(wrong.err()).contains("sha256").contains("trained on backbone");

        Path junk = Files.writeString(tmp.resolve("junk.avi"), "not a video");
        CliTestSupport.Result bad = CliTestSupport.run("predict", "-m", out.resolve("model.actionrec").toString(),
                "-b", MODEL.toString(), junk.toString(), testClips().get(0)[0]);
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.out()).contains("junk.avi").contains("not a video");
        assertThat(bad.err()).contains("1 of 2 videos could not be read");

        Path notAModel = Files.writeString(tmp.resolve("model.json"), "{\"format\":\"something else\"}");
        CliTestSupport.Result badModel = CliTestSupport.run("predict", "-m", notAModel.toString(), "-b", MODEL.toString(),
                junk.toString());
        assertThat(badModel.exitCode()).isEqualTo(1);
        assertThat(badModel.err()).contains("model.json").contains("earlier model bundle");
    }

    @Test
    void compareTrainsEveryModelAndWritesOneTableAndChart() throws Exception {
        Path torchScript = SHARED.resolve("models/mobilenet_v2/mobilenet_v2_features.pt");
        Path convMap = SHARED.resolve("models/mobilenet_v2/mobilenet_v2_convmap.onnx");
        assumeTrue(Files.exists(torchScript) && Files.exists(convMap), "skipped: shared TorchScript/convmap files absent");
        Path cmp = tmp.resolve("compare");
        CliTestSupport.Result r = CliTestSupport.run("compare", "--data", data.toString(), "--out", cmp.toString(),
                "--store", tmp.resolve("store").toString(), "-b", MODEL.toString(), "--models",
                "late-fusion,lrcn,temporal-conv,c3d-small,finetune,nbtl", "--frames", "4", "--epochs", "2",
                "--torchscript", torchScript.toString(), "--convmap", convMap.toString(), "--fuse-with", "mhi",
                "--hidden", "32");
        assertThat(r.exitCode()).as(r.err()).isZero();
        String table = Files.readString(cmp.resolve("comparison.md"));
        for (String model : List.of("late-fusion", "lrcn", "temporal-conv", "c3d-small", "finetune", "nbtl")) {
            assertThat(table).contains("| " + model + " | 1 |");
        }
        assertThat(cmp.resolve("comparison.png")).exists();
        assertThat(cmp.resolve("comparison.csv")).exists();
        for (String trained : List.of("late-fusion", "lrcn", "temporal-conv", "c3d-small", "finetune")) {
            assertThat(cmp.resolve(trained + "/split1/bundle.json")).as(trained).exists();
            assertThat(cmp.resolve(trained + "/split1/model.actionrec")).as(trained).exists();
            assertThat(cmp.resolve(trained + "/split1/checkpoints/curve.png")).as(trained).exists();
            assertThat(cmp.resolve(trained + "/split1/checkpoints/curve.csv")).as(trained).exists();
        }
        JsonNode json = new ObjectMapper().readTree(cmp.resolve("comparison.json").toFile());
        List<String> extras = new ArrayList<>();
        json.at("/entries").forEach(e -> e.at("/extra").fieldNames().forEachRemaining(n -> extras.add(e.at("/model")
                .asText() + ":" + n)));
        assertThat(extras).contains("lrcn:shuffled_frames_top1_pct", "temporal-conv:shuffled_frames_top1_pct",
                "temporal-conv:fused_softmax_top1_pct", "nbtl:before_nbtl_top1_pct", "nbtl:nbtl_penalty_frames");
        JsonNode bundle = new ObjectMapper().readTree(cmp.resolve("finetune/split1/bundle.json").toFile());
        assertThat(bundle.at("/backbone_file_sha256").asText())
                .isEqualTo("08c5818e38ca1eea1c61dd23710a96e944fcb23696dc459c716b75e6c27655fb");
        // every kind predicts from its file as it was tested (nbtl: with its neurons dropped; the descriptor models
        // and temporal-conv through the backbone or conv-map file they were trained on, which -b passes here)
        for (String model : List.of("late-fusion", "lrcn", "temporal-conv", "c3d-small", "finetune", "nbtl")) {
            Path file = cmp.resolve(model + "/split1/model.actionrec");
            JsonNode tested = new ObjectMapper().readTree(cmp.resolve(model + "/split1/bundle.json").toFile());
            String[] options = switch (model) {
                case "late-fusion", "lrcn" -> new String[] {"-b", MODEL.toString()};
                case "temporal-conv" -> new String[] {"-b", convMap.toString()};
                default -> new String[0]; // c3d-small, finetune and nbtl carry their networks
            };
            assertThat(predictedTop1(file, options)).as(model).isCloseTo(tested.at("/test/top1Pct").asDouble(),
                    org.assertj.core.data.Offset.offset(1e-9));
        }
        // a kind that gives no explanation says so, and why
        CliTestSupport.Result notExplained = CliTestSupport.run("explain", testClips().get(0)[0], "-m",
                cmp.resolve("c3d-small/split1/model.actionrec").toString(), "--out",
                tmp.resolve("explained-c3d").toString());
        assertThat(notExplained.exitCode()).isNotZero();
        assertThat(notExplained.err()).contains("c3d-small model learns from pixels");
        Path explained = tmp.resolve("explained-nbtl");
        CliTestSupport.Result ex = CliTestSupport.run("explain", testClips().get(0)[0], "-m",
                cmp.resolve("nbtl/split1/model.actionrec").toString(), "--out", explained.toString(),
                "--saliency-views", "1");
        assertThat(ex.exitCode()).as(ex.err()).isZero();
        assertThat(ex.out()).contains("grad-cam over the last convolution");
        JsonNode explanation = new ObjectMapper().readTree(explained.resolve("explain.json").toFile());
        assertThat(explanation.at("/classes/0/views")).hasSize(4); // --frames 4 keyframes of one stream
        assertThat(explanation.at("/method/activation").asText()).contains("first convolution");
        assertThat(explained.resolve("activation_k1_rgb.png")).exists();
    }

    /** Top-1 of {@code predict} with a model file (and further options) over split 1's test clips. */
    private static double predictedTop1(Path model, String... options) throws Exception {
        List<String> truth = new ArrayList<>();
        List<String> args = new ArrayList<>(List.of("predict", "--json", "--top", "1", "-m", model.toString()));
        args.addAll(List.of(options));
        for (String[] clip : testClips()) {
            args.add(clip[0]);
            truth.add(clip[1]);
        }
        CliTestSupport.Result r = CliTestSupport.run(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode rows = new ObjectMapper().readTree(r.out());
        int right = 0;
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).at("/top/0/label").asText().equals(truth.get(i))) right++;
        }
        return 100.0 * right / truth.size();
    }

    @Test
    void trainOneModelWritesItsReport() throws Exception {
        Path outDir = tmp.resolve("train-one");
        CliTestSupport.Result r = CliTestSupport.run("train", "--model", "late-fusion", "--data", data.toString(),
                "--out", outDir.toString(), "--store", tmp.resolve("store").toString(), "-b", MODEL.toString(),
                "--frames", "4", "--epochs", "3", "--fuse-scores-with", "flow_y,mhi", "--fuse-keyframes", "3");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("late-fusion split 1: top-1").contains("late-fusion + svm(flow_y,mhi) split 1: top-1");
        assertThat(outDir.resolve("late-fusion/comparison.md")).exists();
        assertThat(outDir.resolve("late-fusion/confusion_late-fusion-fused-svm_split1.png")).exists();
        JsonNode bundle = new ObjectMapper().readTree(outDir.resolve("late-fusion/split1/bundle.json").toFile());
        JsonNode fusion = bundle.at("/score_fusion_with_frozen_svms");
        assertThat(fusion.at("/streams").toString()).isEqualTo("[\"late-fusion\",\"flow_y\",\"mhi\"]");
        double weights = 0;
        for (JsonNode w : fusion.at("/weights")) weights += w.asDouble();
        assertThat(weights).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(fusion.at("/test/top1Pct").asDouble(-1)).isBetween(0.0, 100.0);
        assertThat(fusion.at("/frozen_input/sampler").asText()).isEqualTo("uniform-keyframes(k=3)");
    }

    @Test
    void anEnsembleAveragesSeedsAndItsFirstMemberIsTheSingleModel() throws Exception {
        Path single = tmp.resolve("single");
        Path ensemble = tmp.resolve("ensemble");
        List<String> common = List.of("train", "--model", "late-fusion", "--data", data.toString(), "--store",
                tmp.resolve("store").toString(), "-b", MODEL.toString(), "--frames", "4", "--epochs", "3");
        CliTestSupport.Result one = CliTestSupport.run(with(common, "--out", single.toString()));
        assertThat(one.exitCode()).as(one.err()).isZero();
        CliTestSupport.Result three = CliTestSupport.run(with(common, "--out", ensemble.toString(), "--ensemble", "3"));
        assertThat(three.exitCode()).as(three.err()).isZero();
        assertThat(three.out()).contains("late-fusion (3 seeds) split 1: top-1");

        ObjectMapper json = new ObjectMapper();
        JsonNode alone = json.readTree(single.resolve("late-fusion/split1/bundle.json").toFile());
        JsonNode bundle = json.readTree(ensemble.resolve("late-fusion/split1/bundle.json").toFile());
        JsonNode members = bundle.at("/ensemble/members");
        assertThat(members.size()).isEqualTo(3);
        List<Long> seeds = new ArrayList<>();
        for (JsonNode m : members) {
            seeds.add(m.at("/seed").asLong());
            assertThat(ensemble.resolve("late-fusion/split1").resolve(m.at("/checkpoints").asText())
                    .resolve("curve.csv")).exists();
        }
        assertThat(seeds).containsExactly(42L, 43L, 44L);
        // the first member is trained exactly as the single model (same seed, same validation split)
        assertThat(members.get(0).at("/best_epoch").asInt()).isEqualTo(alone.at("/extra/best_epoch").asInt());
        assertThat(members.get(0).at("/test/top1Pct").asDouble())
                .isEqualTo(alone.at("/test/top1Pct").asDouble());
        assertThat(bundle.at("/extra/members").asDouble()).isEqualTo(3.0);
        assertThat(bundle.at("/extra/member_mean_top1_pct").asDouble(-1)).isBetween(0.0, 100.0);
        assertThat(bundle.at("/scored_by").toString())
                .isEqualTo("[\"checkpoints\",\"checkpoints-member2\",\"checkpoints-member3\"]");
        Path golf;
        try (Stream<Path> clips = Files.list(data.resolve("golf"))) {
            golf = clips.sorted().findFirst().orElseThrow();
        }
        CliTestSupport.Result predicted = CliTestSupport.run("predict", "--top", "2", "-m", ensemble.resolve(
                "model.actionrec").toString(), "-b", MODEL.toString(), golf.toString());
        assertThat(predicted.exitCode()).as(predicted.err()).isZero();
        assertThat(predicted.out()).contains(golf.getFileName().toString());
    }

    @Test
    void refitTrainsAgainOnTrainingAndValidationClipsForTheChosenEpochs() throws Exception {
        Path outDir = tmp.resolve("refit");
        CliTestSupport.Result r = CliTestSupport.run("train", "--model", "late-fusion", "--data", data.toString(),
                "--out", outDir.toString(), "--store", tmp.resolve("store").toString(), "-b", MODEL.toString(),
                "--frames", "4", "--epochs", "3", "--refit");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("late-fusion (refit) split 1: top-1");
        Path split = outDir.resolve("late-fusion/split1");
        JsonNode bundle = new ObjectMapper().readTree(split.resolve("bundle.json").toFile());
        int bestEpoch = bundle.at("/extra/best_epoch").asInt();
        assertThat(bestEpoch).isBetween(1, 3);
        assertThat(bundle.at("/tested_checkpoints").asText()).startsWith("checkpoints-refit");
        List<String> refitCurve = Files.readAllLines(split.resolve("checkpoints-refit/curve.csv"));
        assertThat(refitCurve).hasSize(1 + bestEpoch); // header + the chosen epoch count
        assertThat(refitCurve.get(1).split(",")[4]).isEqualTo("NaN"); // no validation clips left to measure on

        // predict with the model file: the test clips' descriptors made again from the videos, scored by the refit
        List<String> testClips = new ArrayList<>();
        List<String> truth = new ArrayList<>();
        for (String[] clip : testClips()) {
            testClips.add(clip[0]);
            truth.add(clip[1]);
        }
        List<String> args = new ArrayList<>(List.of("predict", "--json", "--top", "3", "-m",
                outDir.resolve("model.actionrec").toString(), "-b", MODEL.toString()));
        args.addAll(testClips);
        CliTestSupport.Result predicted = CliTestSupport.run(args.toArray(String[]::new));
        assertThat(predicted.exitCode()).as(predicted.err()).isZero();
        JsonNode rows = new ObjectMapper().readTree(predicted.out());
        assertThat(rows.size()).isEqualTo(testClips.size());
        int right = 0;
        for (int i = 0; i < rows.size(); i++) {
            JsonNode top = rows.get(i).at("/top");
            assertThat(top.size()).isEqualTo(3);
            assertThat(top.get(0).at("/probability").asDouble())
                    .isGreaterThanOrEqualTo(top.get(1).at("/probability").asDouble());
            if (top.get(0).at("/label").asText().equals(truth.get(i))) right++;
        }
        // the same top-1 as the test figure training wrote
        assertThat(100.0 * right / testClips.size()).isCloseTo(bundle.at("/test/top1Pct").asDouble(),
                org.assertj.core.data.Offset.offset(1e-9));
        CliTestSupport.Result wrongBackbone = CliTestSupport.run("predict", "-m", split.resolve("model.actionrec")
                .toString(), "-b", SHARED.resolve("models/mobilenet_v2/mobilenet_v2_features.pt").toString(),
                testClips.get(0));
        assertThat(wrongBackbone.exitCode()).isEqualTo(1);
        assertThat(wrongBackbone.err()).contains("trained on backbone");

        CliTestSupport.Result nbtl = CliTestSupport.run("compare", "--models", "late-fusion,nbtl", "--refit", "--data",
                data.toString(), "--out", tmp.resolve("refit-nbtl").toString(), "--store", tmp.resolve("store")
                        .toString(), "-b", MODEL.toString(), "--torchscript",
                SHARED.resolve("models/mobilenet_v2/mobilenet_v2_features.pt").toString());
        assertThat(nbtl.exitCode()).isEqualTo(1);
        assertThat(nbtl.err()).contains("nbtl cannot be refitted");
        assertThat(tmp.resolve("refit-nbtl/late-fusion")).doesNotExist();
    }

    private static String[] with(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
