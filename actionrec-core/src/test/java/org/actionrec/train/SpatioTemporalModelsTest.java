package org.actionrec.train;

import static org.assertj.core.api.Assertions.assertThat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.actionrec.train.SequenceModels.ModelSpec;
import org.actionrec.train.TrainingConfig.LrSchedule;
import org.actionrec.train.TrainingConfig.OptimizerKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** temporal-conv and c3d-small on tiny clips the test makes: each learns, and a killed run resumes exactly. */
class SpatioTemporalModelsTest {
    private static final List<String> DIRECTIONS = List.of("moves-right", "moves-left");
    private static final int SIDE = 8;
    private static final int FRAMES = 6;

    @TempDir
    Path tmp;

    /** A bright 2-pixel-wide bar crossing an 8x8 RGB frame left to right (class 0) or right to left (class 1). */
    static List<SequenceSample> movingBars(int perClass, long seed, String prefix) {
        Random random = new Random(seed);
        List<SequenceSample> out = new ArrayList<>();
        for (int i = 0; i < perClass; i++) {
            for (int c = 0; c < 2; c++) {
                float[][] frames = new float[FRAMES][3 * SIDE * SIDE];
                for (int t = 0; t < FRAMES; t++) {
                    int x = c == 0 ? t : SIDE - 1 - t;
                    for (int ch = 0; ch < 3; ch++) {
                        for (int y = 0; y < SIDE; y++) {
                            for (int col = 0; col < SIDE; col++) {
                                float v = (col == x || col == Math.min(SIDE - 1, x + 1)) ? 1f : 0f;
                                frames[t][ch * SIDE * SIDE + y * SIDE + col] = v + 0.2f * (float) random.nextGaussian();
                            }
                        }
                    }
                }
                out.add(new SequenceSample(prefix + c + "_" + i, frames, c));
            }
        }
        return out;
    }

    private static TrainingConfig adam(int epochs) {
        return new TrainingConfig(epochs, 8, OptimizerKind.ADAM, 2e-3f, 0.9f, 0f, LrSchedule.none(), 0.2f, 0, 5L);
    }

    @Test
    void c3dSmallLearnsTheDirectionOfMotion() throws Exception {
        // a frame's mean does not tell the direction: only the order of the frames does
        ModelSpec spec = ModelSpec.of("c3d-small").withHiddenSize(32);
        TrainingResult r = new SequenceTrainer(spec, adam(8), DIRECTIONS).train(movingBars(12, 1, "t"),
                movingBars(6, 2, "v"), tmp.resolve("c3d"), (d, t, item) -> { });
        List<TrainingCurve.Epoch> e = r.curve().epochs();
        assertThat(e.get(e.size() - 1).trainLoss()).isLessThan(e.get(0).trainLoss() * 0.5);
        assertThat(r.bestValidationAccuracy()).isGreaterThan(0.9);
    }

    @Test
    void temporalConvLearnsOrderAndResumesExactly() throws Exception {
        // order data: 16 floats per frame read as 4 maps of 2x2
        ModelSpec spec = ModelSpec.of("temporal-conv").withHiddenSize(32).withChannels(4);
        List<String> classes = List.of("a", "b", "c", "d");
        List<SequenceSample> train = SequenceTrainerTest.orderData(12, 3, "t");
        List<SequenceSample> val = SequenceTrainerTest.orderData(6, 4, "v");
        TrainingConfig config = adam(6).withOptimizer(OptimizerKind.SGD, 0.05f);
        TrainingResult whole = new SequenceTrainer(spec, config, classes).train(train, val, tmp.resolve("whole"),
                (d, t, item) -> { });
        new SequenceTrainer(spec, config.withEpochs(3), classes).train(train, val, tmp.resolve("cut"),
                (d, t, item) -> { });
        TrainingResult resumed = new SequenceTrainer(spec, config, classes).train(train, val, tmp.resolve("cut"),
                (d, t, item) -> { });
        assertThat(resumed.resumedAfterEpoch()).isEqualTo(3);
        List<TrainingCurve.Epoch> e = whole.curve().epochs();
        assertThat(e.get(e.size() - 1).trainLoss()).isLessThan(e.get(0).trainLoss());
        try (TrainedNetwork a = SequenceTrainer.load(tmp.resolve("whole"), SequenceTrainer.Checkpoint.LAST);
             TrainedNetwork b = SequenceTrainer.load(tmp.resolve("cut"), SequenceTrainer.Checkpoint.LAST)) {
            SequenceTrainerTest.assertSameParameters(a, b, "temporal-conv");
            assertThat(a.penultimate(val)[0]).hasSize(16); // the second of the three fully connected layers
        }
    }
}
