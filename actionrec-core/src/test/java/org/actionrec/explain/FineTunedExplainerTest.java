package org.actionrec.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.actionrec.ActionRecognizer;
import org.actionrec.Recognition;
import org.actionrec.SharedData;
import org.actionrec.backbone.PixelBackbone;
import org.actionrec.features.ClipFeatures;
import org.actionrec.features.FeatureExtractor;
import org.actionrec.head.TemperatureScaling;
import org.actionrec.model.finetune.FineTuneKind;
import org.actionrec.model.finetune.NbtlKind;
import org.actionrec.model.finetune.NbtlPruning;
import org.actionrec.modelfile.ModelFile;
import org.actionrec.modelfile.ModelManifest;
import org.actionrec.motion.TestVideos;
import org.actionrec.recognizer.ModelFiles;
import org.actionrec.streams.StreamConfig;
import org.actionrec.train.FineTunedNetwork;
import org.actionrec.train.SequenceModels;
import org.actionrec.train.SequenceSample;
import org.actionrec.train.SequenceTrainer;
import org.actionrec.train.TrainedNetwork;
import org.actionrec.train.TrainingConfig;
import org.actionrec.train.TwoLayerHead;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fine-tuned backbones predict from their model file and are explained through the network: a finetune model
 * (mirroring on) trained here on the half-frame videos of {@link ExplainerTest}, its file opened after the
 * TorchScript file it started from is gone; the same checkpoints pruned as negative back-dropout prunes.
 */
class FineTunedExplainerTest {
    static final List<String> CLASSES = ExplainerTest.CLASSES;
    static final StreamConfig RGB = StreamConfig.RGB_ONLY;
    static final int TRAIN_PER_CLASS = 10;
    static final int TEST_PER_CLASS = 3;

    @TempDir
    static Path tmp;
    static Path checkpoints;
    static Path fineTunedModel;
    static final PixelBackbone PIXELS = new PixelBackbone(FineTuneKind.SIDE, FineTuneKind.RESIZE);
    static final List<Path> testTop = new ArrayList<>();
    static final List<Path> testBottom = new ArrayList<>();

    @BeforeAll
    static void trainAFineTunedModel() throws Exception {
        Path start = Files.copy(SharedData.mobilenetV2().resolve("mobilenet_v2_features.pt"),
                tmp.resolve("start.pt"), StandardCopyOption.REPLACE_EXISTING);
        Random random = new Random(11);
        FeatureExtractor pixels = new FeatureExtractor(RGB, PIXELS.spec().preprocessing(), 1);
        List<SequenceSample> train = new ArrayList<>();
        List<SequenceSample> validation = new ArrayList<>();
        for (int c = 0; c < CLASSES.size(); c++) {
            boolean top = CLASSES.get(c).equals("top");
            for (int i = 0; i < TRAIN_PER_CLASS + TEST_PER_CLASS; i++) {
                Path video = TestVideos.writeFrames(tmp.resolve(CLASSES.get(c) + i + ".avi"),
                        ExplainerTest.squareInHalf(top, random));
                if (i >= TRAIN_PER_CLASS) {
                    (top ? testTop : testBottom).add(video);
                    continue;
                }
                ClipFeatures f = pixels.describe(video, video.getFileName().toString(), PIXELS);
                for (float[] image : f.stream("rgb")) {
                    (i < 2 ? validation : train).add(new SequenceSample(f.clip(), new float[][] {image}, c));
                }
            }
        }
        SequenceModels.ModelSpec spec = SequenceModels.ModelSpec.forFinetuning(start).withHiddenSize(32)
                .withHeadWarmupEpochs(15).withMirror(true);
        TrainingConfig config = new TrainingConfig(1, 8, TrainingConfig.OptimizerKind.SGD, 0.002f, 0.9f, 5e-4f,
                TrainingConfig.LrSchedule.none(), 0.2f, 0, 5L);
        checkpoints = tmp.resolve("finetune").resolve("checkpoints");
        new SequenceTrainer(spec, config, CLASSES).train(train, validation, checkpoints, (d, t, item) -> { });
        fineTunedModel = write("finetune", null);
        Files.delete(start); // the model file must not need the file the backbone was fine-tuned from
    }

    static Path write(String model, NbtlPruning pruning) throws Exception {
        Path file = tmp.resolve(model).resolve(ModelFile.FILE_NAME);
        Files.createDirectories(file.getParent());
        ModelFiles.writeTrained(file, ModelManifest.builder().setKind(ModelManifest.TRAINED, model)
                        .setClasses(CLASSES).setInput(RGB, ModelFiles.backboneRef(PIXELS.info()))
                        .optDescription("test " + model), List.of(checkpoints), null,
                pruning == null ? Map.of() : Map.of(NbtlPruning.ENTRY, pruning), null);
        return file;
    }

    /** The clip score the training job tests: mean over keyframes of the keyframe and its mirror image's. */
    static float[] expectedScores(TrainedNetwork member, TwoLayerHead head, Path video) throws Exception {
        ClipFeatures f = new FeatureExtractor(RGB, PIXELS.spec().preprocessing(), 1)
                .describe(video, video.getFileName().toString(), PIXELS);
        List<SequenceSample> frames = new ArrayList<>();
        for (float[] image : f.stream("rgb")) frames.add(new SequenceSample(f.clip(), new float[][] {image}, 0));
        float[][] plain = new FineTunedNetwork(member).backboneDescriptors(frames);
        float[][] mirrored = new FineTunedNetwork(member).mirroredBackboneDescriptors(frames);
        float[] mean = new float[CLASSES.size()];
        for (int k = 0; k < plain.length; k++) {
            float[] a = head.scores(plain[k]);
            float[] b = head.scores(mirrored[k]);
            for (int c = 0; c < mean.length; c++) mean[c] += (a[c] + b[c]) / 2 / plain.length;
        }
        return mean;
    }

    @Test
    void theModelFilePredictsAsTheNetworkScoresAndNeedsNoBackboneFile() throws Exception {
        Path video = testTop.get(0);
        float[] expected;
        try (TrainedNetwork member = SequenceTrainer.load(checkpoints, SequenceTrainer.Checkpoint.BEST)) {
            expected = expectedScores(member, new FineTunedNetwork(member).finetuneHead(), video);
        }
        try (ActionRecognizer r = ActionRecognizer.open(fineTunedModel)) {
            assertThat(r.model().model()).isEqualTo("finetune");
            double[] p = r.probabilities(video);
            double[] want = TemperatureScaling.identity().probabilities(expected);
            for (int c = 0; c < p.length; c++) assertThat(p[c]).isCloseTo(want[c], within(1e-4));
            Recognition top = r.predict(video, 1);
            assertThat(top.top().get(0).label()).isEqualTo(CLASSES.get(want[0] > want[1] ? 0 : 1));
        }
    }

    @Test
    void anNbtlFileScoresWithTheNeuronsItDropped() throws Exception {
        NbtlPruning pruning = new NbtlPruning(0.1, List.of(new NbtlPruning.Member(new int[] {3, 100, 1279},
                new int[] {0, 5, 7})));
        Path nbtl = write(NbtlKind.ID, pruning);
        Path video = testBottom.get(0);
        float[] pruned;
        float[] unpruned;
        try (TrainedNetwork member = SequenceTrainer.load(checkpoints, SequenceTrainer.Checkpoint.BEST)) {
            TwoLayerHead head = new FineTunedNetwork(member).finetuneHead();
            unpruned = expectedScores(member, head, video);
            float[][] w1 = copy(head.w1());
            float[][] w2 = copy(head.w2());
            for (int i : pruning.members().get(0).droppedInputs()) for (float[] row : w1) row[i] = 0;
            for (int j : pruning.members().get(0).droppedHidden()) for (float[] row : w2) row[j] = 0;
            pruned = expectedScores(member, new TwoLayerHead(w1, head.b1(), w2, head.b2()), video);
        }
        assertThat(pruned).isNotEqualTo(unpruned);
        try (ActionRecognizer r = ActionRecognizer.open(nbtl)) {
            double[] p = r.probabilities(video);
            double[] want = TemperatureScaling.identity().probabilities(pruned);
            for (int c = 0; c < p.length; c++) assertThat(p[c]).isCloseTo(want[c], within(1e-4));
            Explanation e = r.explain(video, ExplainOptions.defaults().withSaliencyViews(1));
            assertThat(e.mapMethod()).isEqualTo(Explanation.GRAD_CAM);
            assertThat(e.classes().get(0).probability()).isCloseTo(Math.max(want[0], want[1]), within(1e-4));
        }
    }

    private static float[][] copy(float[][] m) {
        float[][] out = new float[m.length][];
        for (int i = 0; i < m.length; i++) out[i] = m[i].clone();
        return out;
    }

    @Test
    void gradCamThroughTheFineTunedNetworkLiesOnTheDecidingHalf() throws Exception {
        try (ActionRecognizer r = ActionRecognizer.open(fineTunedModel)) {
            double share = ExplainerTest.deciding(r, testTop, testBottom);
            assertThat(share).as("share of the evidence on the deciding half").isGreaterThanOrEqualTo(0.70);
        }
    }

    @Test
    void mapsDifferBetweenClassesAndSaliencyAndActivationsComeFromTheNetwork() throws Exception {
        try (ActionRecognizer r = ActionRecognizer.open(fineTunedModel)) {
            Explanation e = r.explain(testTop.get(0), ExplainOptions.defaults().withClasses(List.of("top", "bottom"))
                    .withSaliencyViews(2));
            assertThat(e.mapSide()).isEqualTo(7);
            assertThat(e.views()).hasSize(5); // the keyframes of its one stream, nothing more
            assertThat(e.activationSide()).isEqualTo(112); // the first convolution's maps
            assertThat(e.views().get(0).activation()).hasSize(112 * 112);
            assertThat(e.saliencyMethod()).isEqualTo(GradientBackbone.METHOD);
            Explanation.ClassEvidence top = e.classes().get(0);
            Explanation.ClassEvidence bottom = e.classes().get(1);
            assertThat(top.saliency().stream().filter(java.util.Objects::nonNull).count()).isEqualTo(2);
            assertThat(top.saliency().stream().filter(java.util.Objects::nonNull).findFirst().orElseThrow())
                    .hasSize(224 * 224);
            double different = 0;
            for (int j = 0; j < top.maps().size(); j++) {
                for (int p = 0; p < top.maps().get(j).length; p++) {
                    different = Math.max(different, Math.abs(top.maps().get(j)[p] - bottom.maps().get(j)[p]));
                }
            }
            assertThat(different).isGreaterThan(0);
            assertThat(top.shares()).hasSize(5);
            assertThat(java.util.Arrays.stream(top.shares()).sum()).isCloseTo(1.0, within(1e-9));
        }
    }
}
