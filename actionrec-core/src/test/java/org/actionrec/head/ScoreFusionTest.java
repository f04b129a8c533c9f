package org.actionrec.head;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ScoreFusionTest {
    private static final int CLASSES = 6;

    /** Scores with the truth boosted by {@code signal} under unit noise, scaled/shifted to test normalisation. */
    private static float[][] noisyScores(int[] truth, double signal, double scale, double shift, Random random) {
        return noisyScores(truth, CLASSES, signal, scale, shift, random);
    }

    private static float[][] noisyScores(int[] truth, int classes, double signal, double scale, double shift,
                                         Random random) {
        float[][] s = new float[truth.length][classes];
        for (int i = 0; i < truth.length; i++) {
            for (int c = 0; c < classes; c++) {
                s[i][c] = (float) (shift + scale * (random.nextGaussian() + (c == truth[i] ? signal : 0)));
            }
        }
        return s;
    }

    private static double top1(float[][] scores, int[] truth) {
        int ok = 0;
        for (int i = 0; i < truth.length; i++) {
            ok += ClipClassifier.argmax(scores[i]) == truth[i] ? 1 : 0;
        }
        return (double) ok / truth.length;
    }

    @Test
    void fusionOfTwoNoisyStreamsBeatsEachAlone() {
        Random random = new Random(11);
        int[] truth = random.ints(3000, 0, CLASSES).toArray();
        float[][] a = noisyScores(truth, 1.2, 1.0, 0.0, random);
        float[][] b = noisyScores(truth, 1.2, 50.0, -20.0, random); // same quality, very different scale
        ScoreFusion fusion = ScoreFusion.equalWeights(List.of("a", "b"), List.of(a, b));
        float[][] fused = fusion.fuse(List.of(a, b));
        double fusedTop1 = top1(fused, truth);
        assertThat(fusedTop1).isGreaterThan(top1(a, truth) + 0.05).isGreaterThan(top1(b, truth) + 0.05);
        // one clip at a time gives the same scores as the whole matrix
        float[] one = fusion.fuseClip(List.of(a[17], b[17]));
        assertThat(one).containsExactly(fused[17]);
        // self-normalised fusion on the same set is the same thing here
        assertThat(fusion.fuseSelfNormalised(List.of(a, b))[5]).containsExactly(fused[5]);
    }

    @Test
    void meanOfSeveralModelsScoresIsElementWiseAndUnnormalised() {
        float[][] a = {{1f, 2f, 3f}, {0f, -4f, 8f}};
        float[][] b = {{3f, 2f, 1f}, {2f, 4f, 0f}};
        float[][] c = {{2f, 5f, -1f}, {1f, 3f, 1f}};
        float[][] mean = ScoreFusion.mean(List.of(a, b, c));
        assertThat(mean[0]).containsExactly(2f, 3f, 1f);
        assertThat(mean[1]).containsExactly(1f, 1f, 3f);
        assertThat(ScoreFusion.mean(List.<float[][]>of(a))).isDeepEqualTo(a);
        assertThatThrownBy(() -> ScoreFusion.mean(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ScoreFusion.mean(List.of(a, new float[1][3])))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void normaliserIsMeanAndStdOfAllEntries() {
        StreamNormaliser n = StreamNormaliser.fit(new float[][] {{1, 3}, {5, 7}});
        assertThat(n.mean()).isCloseTo(4, within(1e-12));
        assertThat(n.std()).isCloseTo(Math.sqrt(5), within(1e-12));
    }

    @Test
    void weightSearchGivesTheInformativeStreamMoreWeight() {
        Random random = new Random(3);
        int[] truth = random.ints(2000, 0, CLASSES).toArray();
        float[][] good = noisyScores(truth, 2.0, 1.0, 0, random);
        float[][] weak = noisyScores(truth, 0.6, 3.0, 1, random);
        FusionWeightSearch.WeightChoice choice = FusionWeightSearch.bestWeights(List.of(weak, good), truth, 0.1);
        assertThat(choice.weights()[1]).isGreaterThan(choice.weights()[0]);
        assertThat(choice.weights()[0] + choice.weights()[1]).isCloseTo(1, within(1e-9));
        assertThat(choice.top1Pct()).isGreaterThanOrEqualTo(100 * top1(good, truth));
    }

    @Test
    void tiesGoToEqualWeights() {
        // Two identical streams: every weighting gives the same top-1, so equal weights must win.
        Random random = new Random(4);
        int[] truth = random.ints(300, 0, CLASSES).toArray();
        float[][] s = noisyScores(truth, 1.0, 1.0, 0, random);
        FusionWeightSearch.WeightChoice choice = FusionWeightSearch.bestWeights(List.of(s, s, s), truth, 0.1);
        assertThat(choice.weights()).containsExactly(1.0 / 3, 1.0 / 3, 1.0 / 3);
    }

    @Test
    void searchPicksCAndWeightsFromTrainedSvms() {
        // Stream "shape" separates the classes, stream "noise" does not: its weight should be the lower one.
        Blobs informative = new Blobs(4, 10, 1.0, 1.2, 21);
        Random random = new Random(22);
        List<List<LabelledClip>> train = List.of(new ArrayList<>(), new ArrayList<>());
        List<List<LabelledClip>> validation = List.of(new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < 240; i++) {
            int label = i % 4;
            LabelledClip clip = informative.clip(label, 3);
            float[][] noise = new float[3][10];
            for (float[] k : noise) {
                for (int j = 0; j < k.length; j++) {
                    k[j] = (float) random.nextGaussian();
                }
            }
            List<List<LabelledClip>> target = i < 160 ? train : validation;
            target.get(0).add(clip);
            target.get(1).add(new LabelledClip(noise, label));
        }
        List<Double> triedC = new ArrayList<>();
        FusionWeightSearch search = new FusionWeightSearch(List.of(0.01, 1.0), 0.1, c -> {
            triedC.add(c);
            return LinearSvmHead.trainer(SvmConfig.defaults().withC(c));
        });
        FusionChoice choice = search.search(List.of("shape", "noise"), train, validation, 4);
        assertThat(triedC).containsExactly(0.01, 0.01, 1.0, 1.0); // one head per stream and C
        assertThat(choice.fusion().weights().get(0)).isGreaterThan(choice.fusion().weights().get(1));
        assertThat(choice.c()).isIn(0.01, 1.0);
        assertThat(choice.validationTop1Pct()).isGreaterThan(70);
        assertThat(choice.fusion().streams()).containsExactly("shape", "noise");
    }

    @Test
    void fixedScoresJoinTheSearchFirstAndWinWeightWhenTheyAreBetter() {
        // A "model" stream whose validation scores are already fixed and good, beside a trained stream of noise.
        Random random = new Random(31);
        List<List<LabelledClip>> train = List.of(new ArrayList<>());
        List<List<LabelledClip>> validation = List.of(new ArrayList<>());
        int[] validationTruth = new int[80];
        for (int i = 0; i < 240; i++) {
            int label = i % 4;
            float[][] noise = new float[3][10];
            for (float[] k : noise) {
                for (int j = 0; j < k.length; j++) {
                    k[j] = (float) random.nextGaussian();
                }
            }
            if (i < 160) {
                train.get(0).add(new LabelledClip(noise, label));
            } else {
                validation.get(0).add(new LabelledClip(noise, label));
                validationTruth[i - 160] = label;
            }
        }
        float[][] model = noisyScores(validationTruth, 4, 2.5, 1.0, 0.0, random);
        FusionWeightSearch search = new FusionWeightSearch(List.of(0.1), 0.1,
                c -> LinearSvmHead.trainer(SvmConfig.defaults().withC(c)));
        FusionChoice choice = search.search(List.of("model"), List.<float[][]>of(model), List.of("noise"), train, validation, 4);
        assertThat(choice.fusion().streams()).containsExactly("model", "noise");
        assertThat(choice.fusion().weights().get(0)).isGreaterThan(choice.fusion().weights().get(1));
        assertThat(choice.validationTop1Pct()).isGreaterThanOrEqualTo(100 * top1(model, validationTruth));
        assertThat(choice.fusion().normalisers()).hasSize(2);

        float[][] wrongLength = Arrays.copyOf(model, 79);
        assertThatThrownBy(() -> search.search(List.of("model"), List.<float[][]>of(wrongLength),
                        List.of("noise"), train, validation, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("79 clips");
    }
}
