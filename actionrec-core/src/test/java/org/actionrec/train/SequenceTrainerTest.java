package org.actionrec.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.actionrec.train.SequenceModels.ModelSpec;
import org.actionrec.train.SequenceModels.Pooling;
import org.actionrec.train.TrainingConfig.LrSchedule;
import org.actionrec.train.TrainingConfig.OptimizerKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SequenceTrainerTest {
    private static final int FRAMES = 6;
    private static final int DIM = 16;
    private static final List<String> CLASSES = List.of("a-then-b", "b-then-a", "ab-alternate", "ba-alternate");

    @TempDir
    Path tmp;

    /**
     * Every clip holds three frames near prototype A and three near B; only their order tells the class, so the
     * frame mean carries no class information.
     */
    static List<SequenceSample> orderData(int perClass, long seed, String prefix) {
        Random protoRandom = new Random(7);
        float[] a = new float[DIM];
        float[] b = new float[DIM];
        for (int d = 0; d < DIM; d++) {
            a[d] = (float) protoRandom.nextGaussian();
            b[d] = (float) protoRandom.nextGaussian();
        }
        String[] patterns = {"AAABBB", "BBBAAA", "ABABAB", "BABABA"};
        Random random = new Random(seed);
        List<SequenceSample> out = new ArrayList<>();
        for (int i = 0; i < perClass; i++) {
            for (int c = 0; c < patterns.length; c++) {
                float[][] frames = new float[FRAMES][DIM];
                for (int t = 0; t < FRAMES; t++) {
                    float[] proto = patterns[c].charAt(t) == 'A' ? a : b;
                    for (int d = 0; d < DIM; d++) {
                        frames[t][d] = proto[d] + 0.3f * (float) random.nextGaussian();
                    }
                }
                out.add(new SequenceSample(prefix + c + "_" + i, frames, c));
            }
        }
        return out;
    }

    /** Each class has its own prototype, the same in every frame: the content alone tells the class. */
    static List<SequenceSample> contentData(int perClass, long seed, String prefix) {
        Random protoRandom = new Random(11);
        float[][] protos = new float[CLASSES.size()][DIM];
        for (float[] p : protos) {
            for (int d = 0; d < DIM; d++) p[d] = (float) protoRandom.nextGaussian();
        }
        Random random = new Random(seed);
        List<SequenceSample> out = new ArrayList<>();
        for (int i = 0; i < perClass; i++) {
            for (int c = 0; c < protos.length; c++) {
                float[][] frames = new float[FRAMES][DIM];
                for (int t = 0; t < FRAMES; t++) {
                    for (int d = 0; d < DIM; d++) {
                        frames[t][d] = protos[c][d] + 1.0f * (float) random.nextGaussian();
                    }
                }
                out.add(new SequenceSample(prefix + c + "_" + i, frames, c));
            }
        }
        return out;
    }

    private static TrainingConfig fast(int epochs) {
        return new TrainingConfig(epochs, 8, OptimizerKind.ADAM, 1e-2f, 0.9f, 1e-4f, LrSchedule.none(), 0.2f, 0, 3L);
    }

    @Test
    void lrcnLearnsTemporalOrder() throws Exception {
        List<SequenceSample> train = orderData(16, 1, "t");
        List<SequenceSample> val = orderData(8, 2, "v");
        ModelSpec spec = ModelSpec.of("lrcn").withHiddenSize(32);
        TrainingResult result = new SequenceTrainer(spec, fast(12), CLASSES).train(train, val, tmp.resolve("lrcn"),
                (d, t, item) -> { });
        List<TrainingCurve.Epoch> epochs = result.curve().epochs();
        assertThat(epochs).hasSize(12);
        assertThat(epochs.get(epochs.size() - 1).trainLoss()).isLessThan(epochs.get(0).trainLoss() * 0.5);
        assertThat(result.bestValidationAccuracy()).isGreaterThan(0.6); // chance is 0.25
        assertThat(result.validation().top1Pct()).isCloseTo(100 * result.bestValidationAccuracy(),
                org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void bidirectionalLrcnWithMeanStateLearnsTemporalOrder() throws Exception {
        List<SequenceSample> train = orderData(16, 15, "t");
        List<SequenceSample> val = orderData(8, 16, "v");
        ModelSpec spec = ModelSpec.of("lrcn").withHiddenSize(16).withBidirectional(true).withPooling(Pooling.MEAN);
        TrainingResult result = new SequenceTrainer(spec, fast(8), CLASSES).train(train, val, tmp.resolve("bi"),
                (d, t, item) -> { });
        List<TrainingCurve.Epoch> epochs = result.curve().epochs();
        assertThat(epochs.get(epochs.size() - 1).trainLoss()).isLessThan(epochs.get(0).trainLoss() * 0.5);
        assertThat(result.bestValidationAccuracy()).isGreaterThan(0.6);
    }

    @Test
    void lateFusionLearnsFrameContent() throws Exception {
        List<SequenceSample> train = contentData(16, 3, "t");
        List<SequenceSample> val = contentData(8, 4, "v");
        ModelSpec spec = ModelSpec.of("late-fusion").withHiddenSize(32);
        TrainingResult result = new SequenceTrainer(spec, fast(8), CLASSES).train(train, val, tmp.resolve("lf"),
                (d, t, item) -> { });
        List<TrainingCurve.Epoch> epochs = result.curve().epochs();
        assertThat(epochs.get(epochs.size() - 1).trainLoss()).isLessThan(epochs.get(0).trainLoss() * 0.5);
        assertThat(result.bestValidationAccuracy()).isGreaterThan(0.6);
    }

    @Test
    void lateFusionConcatSeesOrderButMeanDoesNot() throws Exception {
        List<SequenceSample> train = orderData(16, 5, "t");
        List<SequenceSample> val = orderData(8, 6, "v");
        ModelSpec concat = ModelSpec.of("late-fusion").withHiddenSize(32).withPooling(Pooling.CONCAT);
        TrainingResult seen = new SequenceTrainer(concat, fast(10), CLASSES).train(train, val, tmp.resolve("cat"),
                (d, t, item) -> { });
        assertThat(seen.bestValidationAccuracy()).isGreaterThan(0.6);
        ModelSpec mean = ModelSpec.of("late-fusion").withHiddenSize(32);
        TrainingResult blind = new SequenceTrainer(mean, fast(10), CLASSES).train(train, val, tmp.resolve("mean"),
                (d, t, item) -> { });
        assertThat(blind.bestValidationAccuracy()).isLessThan(0.5);
    }

    @Test
    void resumedRunEndsWithTheParametersOfAnUnbrokenRun() throws Exception {
        for (OptimizerKind kind : OptimizerKind.values()) {
            List<SequenceSample> train = orderData(6, 7, "t");
            List<SequenceSample> val = orderData(3, 8, "v");
            ModelSpec spec = ModelSpec.of("lrcn").withHiddenSize(16).withBidirectional(true);
            TrainingConfig full = fast(5).withOptimizer(kind, kind == OptimizerKind.SGD ? 0.05f : 1e-2f)
                    .withSchedule(LrSchedule.step(2, 0.5f)).withDropout(0.3f).withBatchSize(5);
            Path unbroken = tmp.resolve("unbroken-" + kind);
            Path resumed = tmp.resolve("resumed-" + kind);
            TrainingResult whole = new SequenceTrainer(spec, full, CLASSES).train(train, val, unbroken,
                    (d, t, item) -> { });
            TrainingResult first = new SequenceTrainer(spec, full.withEpochs(2), CLASSES).train(train, val, resumed,
                    (d, t, item) -> { });
            assertThat(first.epochsDone()).isEqualTo(2);
            List<Long> progress = new ArrayList<>();
            TrainingResult second = new SequenceTrainer(spec, full, CLASSES).train(train, val, resumed,
                    (d, t, item) -> progress.add(d));
            assertThat(second.resumedAfterEpoch()).isEqualTo(2);
            assertThat(second.epochsDone()).isEqualTo(5);
            assertThat(progress.get(0)).isGreaterThan(2L * 3); // the resumed run skipped the first two epochs
            for (int e = 0; e < 5; e++) {
                assertThat(second.curve().epochs().get(e).trainLoss())
                        .isCloseTo(whole.curve().epochs().get(e).trainLoss(), org.assertj.core.data.Offset.offset(1e-5));
            }
            try (TrainedNetwork a = SequenceTrainer.load(unbroken, SequenceTrainer.Checkpoint.LAST);
                 TrainedNetwork b = SequenceTrainer.load(resumed, SequenceTrainer.Checkpoint.LAST)) {
                assertSameParameters(a, b, kind.toString());
            }
            // the run really trained, or equal parameters would prove little
            assertThat(whole.curve().epochs().get(4).trainLoss()).isLessThan(whole.curve().epochs().get(0).trainLoss());
        }
    }

    static void assertSameParameters(TrainedNetwork a, TrainedNetwork b, String what) {
        List<Pair<String, Parameter>> pa = a.model().getBlock().getParameters().stream().toList();
        List<Pair<String, Parameter>> pb = b.model().getBlock().getParameters().stream().toList();
        assertThat(pa).hasSameSizeAs(pb).isNotEmpty();
        for (int i = 0; i < pa.size(); i++) {
            assertThat(pb.get(i).getKey()).isEqualTo(pa.get(i).getKey());
            float[] wa = pa.get(i).getValue().getArray().toFloatArray();
            float[] wb = pb.get(i).getValue().getArray().toFloatArray();
            assertThat(wb).hasSameSizeAs(wa);
            double worst = 0; // one number, not two arrays of a million floats, in a failure message
            for (int j = 0; j < wa.length; j++) worst = Math.max(worst, Math.abs(wa[j] - wb[j]));
            assertThat(worst).as(what + " " + pa.get(i).getKey() + ": largest difference").isLessThan(1e-5);
        }
    }

    @Test
    void curveFilesHaveOneRowPerEpochAndAReadablePng() throws Exception {
        List<SequenceSample> train = orderData(4, 9, "t");
        List<SequenceSample> val = orderData(2, 10, "v");
        Path dir = tmp.resolve("curve");
        new SequenceTrainer(ModelSpec.of("late-fusion").withHiddenSize(8), fast(3), CLASSES).train(train, val, dir,
                (d, t, item) -> { });
        List<String> lines = Files.readAllLines(dir.resolve("curve.csv"));
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("epoch,");
        assertThat(lines.get(3)).startsWith("3,");
        BufferedImage png = ImageIO.read(dir.resolve("curve.png").toFile());
        assertThat(png).isNotNull();
        assertThat(png.getWidth()).isEqualTo(800);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".params")))
                    .contains("last-0003.params").hasSize(2);
        }
    }

    @Test
    void patienceStopsARunThatNoLongerImproves() throws Exception {
        List<SequenceSample> train = orderData(4, 11, "t");
        List<SequenceSample> val = orderData(2, 12, "v");
        TrainingConfig frozen = fast(10).withOptimizer(OptimizerKind.SGD, 1e-9f).withPatience(2);
        TrainingResult result = new SequenceTrainer(ModelSpec.of("late-fusion").withHiddenSize(8), frozen, CLASSES)
                .train(train, val, tmp.resolve("stop"), (d, t, item) -> { });
        assertThat(result.stoppedEarly()).isTrue();
        assertThat(result.epochsDone()).isEqualTo(3);
        assertThat(result.bestEpoch()).isEqualTo(1);
    }

    @Test
    void withoutValidationClipsTrainsTheConfiguredEpochsAndTheLastIsTheBest() throws Exception {
        List<SequenceSample> train = contentData(6, 21, "t");
        List<SequenceSample> test = contentData(4, 22, "x");
        Path dir = tmp.resolve("refit");
        SequenceTrainer trainer = new SequenceTrainer(ModelSpec.of("late-fusion").withHiddenSize(16), fast(4), CLASSES);
        TrainingResult result = trainer.train(train, List.of(), dir, (d, t, item) -> { });
        assertThat(result.epochsDone()).isEqualTo(4);
        assertThat(result.bestEpoch()).isEqualTo(4);
        assertThat(result.bestValidationAccuracy()).isNaN();
        assertThat(result.validation()).isNull();
        assertThat(ImageIO.read(dir.resolve("curve.png").toFile())).isNotNull();
        // the NaN accuracies survive state.json: a longer run resumes after epoch 4
        TrainingResult longer = new SequenceTrainer(ModelSpec.of("late-fusion").withHiddenSize(16), fast(6), CLASSES)
                .train(train, List.of(), dir, (d, t, item) -> { });
        assertThat(longer.resumedAfterEpoch()).isEqualTo(4);
        assertThat(longer.bestEpoch()).isEqualTo(6);
        try (TrainedNetwork best = SequenceTrainer.load(dir, SequenceTrainer.Checkpoint.BEST);
             TrainedNetwork last = SequenceTrainer.load(dir, SequenceTrainer.Checkpoint.LAST)) {
            assertThat(best.epoch()).isEqualTo(6);
            assertSameParameters(best, last, "best is last");
            float[][] scores = best.scores(test);
            int right = 0;
            for (int i = 0; i < scores.length; i++) {
                int arg = 0;
                for (int c = 1; c < scores[i].length; c++) if (scores[i][c] > scores[i][arg]) arg = c;
                if (arg == test.get(i).label()) right++;
            }
            assertThat((double) right / scores.length).isGreaterThan(0.8);
        }
        SequenceTrainer stopping = new SequenceTrainer(ModelSpec.of("late-fusion").withHiddenSize(16),
                fast(4).withPatience(2), CLASSES);
        assertThatThrownBy(() -> stopping.train(train, List.of(), tmp.resolve("none"), (d, t, item) -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("early stopping");
    }

    @Test
    void refusesToResumeAnotherModelsCheckpoint() throws Exception {
        List<SequenceSample> train = orderData(2, 13, "t");
        List<SequenceSample> val = orderData(1, 14, "v");
        Path dir = tmp.resolve("other");
        new SequenceTrainer(ModelSpec.of("late-fusion").withHiddenSize(8), fast(1), CLASSES).train(train, val, dir,
                (d, t, item) -> { });
        SequenceTrainer other = new SequenceTrainer(ModelSpec.of("lrcn").withHiddenSize(8), fast(2), CLASSES);
        assertThatThrownBy(() -> other.train(train, val, dir, (d, t, item) -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("another model");
    }
}
