package org.actionrec.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.actionrec.features.ClipFeatures;
import org.actionrec.head.ClipClassifier;
import org.actionrec.head.ScoreFusion;
import org.actionrec.head.StreamNormaliser;
import org.actionrec.model.ScoreGradient;
import org.actionrec.model.trained.FrozenSvmFusion;
import org.actionrec.model.trained.TrainedModelScorer;
import org.actionrec.streams.Stream;
import org.actionrec.streams.StreamConfig;
import org.actionrec.train.SequenceModels;
import org.actionrec.train.SequenceSample;
import org.actionrec.train.SequenceTrainer;
import org.actionrec.train.TrainingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The autograd gradient of trained descriptor models (lrcn, late fusion fused with a frozen SVM) is the slope
 * of their score, checked by central differences on small models trained here on random descriptors.
 */
class TrainedScoreGradientsTest {
    static final int FRAMES = 4;
    static final int DIM = 12;
    static final List<String> CLASSES = List.of("a", "b", "c");

    @TempDir
    Path tmp;

    @Test
    void lrcnsGradientIsItsSlope() throws Exception {
        Path folder = train(SequenceModels.ModelSpec.of("lrcn").withHiddenSize(8), "lrcn");
        try (TrainedModelScorer scorer = TrainedModelScorer.open(List.of(folder), rgbOnly(), null, null)) {
            checkSlopes(scorer, List.of(clip("rgb", new Random(9))), 2);
        }
    }

    @Test
    void lateFusionFusedWithAFrozenSvmHasTheSlopeOfTheFusedScore() throws Exception {
        Path folder = train(SequenceModels.ModelSpec.of("late-fusion").withHiddenSize(8), "lf");
        Random random = new Random(4);
        ClipClassifier svm = ClassActivationMapTest.randomSvm(random, CLASSES.size());
        StreamConfig frozen = StreamConfig.ALL_STREAMS.withStreams(EnumSet.of(Stream.MHI));
        FrozenSvmFusion fusion = new FrozenSvmFusion(List.of("mhi"), List.of(svm), new ScoreFusion(
                List.of("late-fusion", "mhi"), List.of(0.6, 0.4),
                List.of(new StreamNormaliser(0.1, 0.8), new StreamNormaliser(-0.3, 2.5))), frozen);
        try (TrainedModelScorer scorer = TrainedModelScorer.open(List.of(folder), rgbOnly(), fusion, null)) {
            ClipFeatures own = clip("rgb", random);
            float[][] mhi = new float[5][ClassActivationMapTest.CHANNELS];
            for (float[] row : mhi) {
                for (int j = 0; j < row.length; j++) row[j] = (float) random.nextGaussian();
            }
            ClipFeatures frozenClip = new ClipFeatures("clip", 40, false, Map.of("mhi", mhi));
            List<ClipFeatures> inputs = List.of(own, frozenClip);
            ScoreGradient g = checkSlopes(scorer, inputs, 1);
            assertThat(g.gradients()).hasSize(2);
            // the frozen SVM's part is its weight, scaled by the fusion and spread over the keyframes
            double scale = 0.4 / 2.5 / mhi.length;
            assertThat((double) g.gradients().get(1).get("mhi")[3][5])
                    .isCloseTo(scale * ((org.actionrec.head.LinearSvmHead) svm).weights()[1][5], within(1e-6));
        }
    }

    private ScoreGradient checkSlopes(TrainedModelScorer scorer, List<ClipFeatures> inputs, int cls) {
        ScoreGradient g = ScoreGradients.of(scorer, inputs, cls);
        assertThat(g.linear()).isFalse();
        float[][] rgb = inputs.get(0).stream("rgb");
        double h = 1e-2;
        for (int[] at : new int[][] {{0, 3}, {2, 7}, {3, 11}}) {
            double slope = (score(scorer, inputs, rgb, at, h, cls) - score(scorer, inputs, rgb, at, -h, cls)) / (2 * h);
            assertThat((double) g.gradients().get(0).get("rgb")[at[0]][at[1]])
                    .isCloseTo(slope, within(2e-3 + 0.02 * Math.abs(slope)));
        }
        return g;
    }

    private static double score(TrainedModelScorer scorer, List<ClipFeatures> inputs, float[][] rgb, int[] at,
                                double h, int cls) {
        float[][] moved = ClassActivationMapTest.copy(rgb);
        moved[at[0]][at[1]] += (float) h;
        List<ClipFeatures> changed = new ArrayList<>(inputs);
        changed.set(0, ClassActivationMapTest.withStream(inputs.get(0), "rgb", moved));
        return scorer.score(changed)[cls];
    }

    private Path train(SequenceModels.ModelSpec spec, String name) throws Exception {
        Random random = new Random(1);
        List<SequenceSample> samples = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            float[][] frames = new float[FRAMES][DIM];
            for (float[] f : frames) {
                for (int d = 0; d < DIM; d++) f[d] = (float) random.nextGaussian() + (d % CLASSES.size() == i % 3 ? 1 : 0);
            }
            samples.add(new SequenceSample("s" + i, frames, i % CLASSES.size()));
        }
        TrainingConfig config = new TrainingConfig(3, 8, TrainingConfig.OptimizerKind.ADAM, 1e-2f, 0.9f, 1e-4f,
                TrainingConfig.LrSchedule.none(), 0.2f, 0, 3L);
        Path folder = tmp.resolve(name);
        new SequenceTrainer(spec, config, CLASSES).train(samples, samples.subList(0, 6), folder, (d, t, item) -> { });
        return folder;
    }

    private static StreamConfig rgbOnly() {
        return StreamConfig.ALL_STREAMS.withStreams(EnumSet.of(Stream.RGB)).withKeyframes(FRAMES);
    }

    private static ClipFeatures clip(String stream, Random random) {
        float[][] frames = new float[FRAMES][DIM];
        for (float[] f : frames) {
            for (int d = 0; d < DIM; d++) f[d] = (float) random.nextGaussian();
        }
        Map<String, float[][]> streams = new LinkedHashMap<>();
        streams.put(stream, frames);
        return new ClipFeatures("clip", 40, false, streams);
    }
}
