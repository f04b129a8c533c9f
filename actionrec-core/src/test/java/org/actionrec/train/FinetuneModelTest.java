package org.actionrec.train;

import static org.assertj.core.api.Assertions.assertThat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.actionrec.SharedData;
import org.actionrec.train.SequenceModels.ModelSpec;
import org.actionrec.train.TrainingConfig.LrSchedule;
import org.actionrec.train.TrainingConfig.OptimizerKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * finetune on the shared MobileNetV2 TorchScript file: the backbone trains too, a cut run resumes exactly, and
 * test-time mirroring makes scores mirror-invariant.
 */
class FinetuneModelTest {
    private static final int SIDE = 224;
    private static final List<String> CLASSES = List.of("vertical-stripes", "horizontal-stripes");

    @TempDir
    Path tmp;

    /** Normalised-looking images of vertical (class 0) or horizontal (class 1) stripes with noise. */
    static List<SequenceSample> stripes(int perClass, long seed, String prefix) {
        Random random = new Random(seed);
        List<SequenceSample> out = new ArrayList<>();
        for (int i = 0; i < perClass; i++) {
            for (int c = 0; c < 2; c++) {
                float[] image = new float[3 * SIDE * SIDE];
                int period = 16 + random.nextInt(16);
                for (int ch = 0; ch < 3; ch++) {
                    for (int y = 0; y < SIDE; y++) {
                        for (int x = 0; x < SIDE; x++) {
                            int along = c == 0 ? x : y;
                            image[ch * SIDE * SIDE + y * SIDE + x] = ((along / (period / 2)) % 2 == 0 ? 1.5f : -1.5f)
                                    + 0.5f * (float) random.nextGaussian();
                        }
                    }
                }
                out.add(new SequenceSample(prefix + c + "_" + i, new float[][] {image}, c));
            }
        }
        return out;
    }

    @Test
    void finetuningTrainsTheBackboneAndResumesExactly() throws Exception {
        Path file = SharedData.mobilenetV2().resolve("mobilenet_v2_features.pt");
        // mirrored at random while training: the resumed run must draw the same flips
        ModelSpec spec = ModelSpec.forFinetuning(file).withHiddenSize(16).withHeadWarmupEpochs(3).withMirror(true);
        TrainingConfig config = new TrainingConfig(4, 4, OptimizerKind.SGD, 0.002f, 0.9f, 5e-4f, LrSchedule.none(),
                0.2f, 0, 9L);
        List<SequenceSample> train = stripes(6, 1, "t");
        List<SequenceSample> val = stripes(2, 2, "v");
        TrainingResult whole = new SequenceTrainer(spec, config, CLASSES).train(train, val, tmp.resolve("whole"),
                (d, t, item) -> { });
        new SequenceTrainer(spec, config.withEpochs(1), CLASSES).train(train, val, tmp.resolve("cut"),
                (d, t, item) -> { });
        TrainingResult resumed = new SequenceTrainer(spec, config, CLASSES).train(train, val, tmp.resolve("cut"),
                (d, t, item) -> { });
        assertThat(resumed.resumedAfterEpoch()).isEqualTo(1);
        List<TrainingCurve.Epoch> e = whole.curve().epochs();
        // epoch 0 is the head's warm-up on frozen-backbone descriptors, run once: the resumed run kept it
        assertThat(e).extracting(TrainingCurve.Epoch::epoch).containsExactly(0, 1, 2, 3, 4);
        assertThat(whole.epochsDone()).isEqualTo(4); // the warm-up is not an epoch (a refit trains bestEpoch)
        assertThat(resumed.curve().epochs().get(0).trainLoss()).isEqualTo(e.get(0).trainLoss());
        assertThat(e.get(4).trainLoss()).isLessThan(e.get(1).trainLoss());
        try (TrainedNetwork a = SequenceTrainer.load(tmp.resolve("whole"), SequenceTrainer.Checkpoint.LAST);
             TrainedNetwork b = SequenceTrainer.load(tmp.resolve("cut"), SequenceTrainer.Checkpoint.LAST);
             SequenceModels.Built start = SequenceModels.build(spec, 2, 0.2f)) {
            SequenceTrainerTest.assertSameParameters(a, b, "finetune");
            // the backbone itself moved away from the ImageNet weights it started from
            float[] before = start.backbone().getParameters().get(0).getValue().getArray().toFloatArray();
            float[] after = a.built().backbone().getParameters().get(0).getValue().getArray().toFloatArray();
            assertThat(after).hasSameSizeAs(before);
            double moved = 0;
            for (int i = 0; i < before.length; i++) moved += Math.abs(after[i] - before[i]);
            assertThat(moved).isGreaterThan(0);
            // test-time mirroring: a clip and its mirror image get the same scores
            List<SequenceSample> mirrored = val.stream().map(v -> FrameAsImageBlock.mirrored(v, 3)).toList();
            float[][] plain = a.scores(val);
            float[][] flipped = a.scores(mirrored);
            for (int i = 0; i < plain.length; i++) {
                assertThat(flipped[i]).containsExactly(plain[i], org.assertj.core.data.Offset.offset(1e-4f));
            }
        }
    }
}
