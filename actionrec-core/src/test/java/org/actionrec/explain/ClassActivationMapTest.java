package org.actionrec.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.actionrec.features.ClipFeatures;
import org.actionrec.head.ClipClassifier;
import org.actionrec.head.LinearSvmHead;
import org.actionrec.head.ScoreFusion;
import org.actionrec.head.SoftmaxConfig;
import org.actionrec.head.SoftmaxHead;
import org.actionrec.head.StreamNormaliser;
import org.actionrec.head.SvmConfig;
import org.actionrec.model.ScoreGradient;
import org.actionrec.model.pool.StreamPoolModel;
import org.actionrec.streams.StreamConfig;
import org.junit.jupiter.api.Test;

/** The decomposition of a pool's score over conv-map positions, on random heads and maps (no backbone needed). */
class ClassActivationMapTest {
    static final int CHANNELS = 24;
    static final int SIDE = 7;
    static final int KEYFRAMES = 5;
    static final List<String> STREAMS = List.of("rgb", "mhi");

    @Test
    void positionsPlusBiasAreTheLinearPoolsScore() {
        Random random = new Random(3);
        int classes = 4;
        List<ClipClassifier> heads = new ArrayList<>();
        for (String ignored : STREAMS) heads.add(randomSvm(random, classes));
        ScoreFusion fusion = new ScoreFusion(STREAMS, List.of(0.3, 0.7),
                List.of(new StreamNormaliser(0.4, 1.7), new StreamNormaliser(-0.2, 0.6)));
        StreamPoolModel pool = pool(heads, fusion, classes);
        Map<String, float[][][]> maps = randomMaps(random);
        ClipFeatures clip = features(maps);
        float[] scores = pool.score(clip);
        for (int c = 0; c < classes; c++) {
            ScoreGradient g = ScoreGradients.of(pool, List.of(clip), c);
            assertThat(g.linear()).isTrue();
            assertThat(g.score()).isEqualTo(scores[c], within(1e-6));
            double sum = g.bias();
            for (String s : STREAMS) {
                for (int k = 0; k < KEYFRAMES; k++) {
                    for (float v : ClassActivationMap.contributions(g.gradients().get(0).get(s)[k], maps.get(s)[k][0],
                            CHANNELS)) {
                        sum += v;
                    }
                }
            }
            assertThat(sum).isCloseTo(scores[c], within(1e-4 * Math.max(1, Math.abs(scores[c]))));
        }
    }

    @Test
    void theSoftmaxHeadsGradientIsTheScoresSlope() {
        Random random = new Random(5);
        int classes = 3;
        double[][] w = new double[classes][CHANNELS];
        double[] b = new double[classes];
        double[] mean = new double[CHANNELS];
        double[] std = new double[CHANNELS];
        for (int j = 0; j < CHANNELS; j++) {
            mean[j] = random.nextGaussian() * 0.1;
            std[j] = 0.5 + random.nextDouble();
            for (int c = 0; c < classes; c++) w[c][j] = random.nextGaussian() * 0.3;
        }
        SoftmaxHead head = new SoftmaxHead(SoftmaxConfig.defaults(), mean, std, w, b);
        ScoreFusion fusion = new ScoreFusion(STREAMS, List.of(0.5, 0.5),
                List.of(new StreamNormaliser(0, 0.2), new StreamNormaliser(0, 0.3)));
        StreamPoolModel pool = pool(List.of(head, head), fusion, classes);
        ClipFeatures clip = features(randomMaps(random));
        ScoreGradient g = ScoreGradients.of(pool, List.of(clip), 1);
        assertThat(g.linear()).isFalse();
        assertThat(g.bias()).isNaN();
        float[][] rgb = clip.stream("rgb");
        double h = 1e-3;
        for (int j : new int[] {0, 7, 19}) {
            float[][] plus = copy(rgb);
            plus[2][j] += h;
            float[][] minus = copy(rgb);
            minus[2][j] -= h;
            double slope = (pool.score(withStream(clip, "rgb", plus))[1] - pool.score(withStream(clip, "rgb", minus))[1])
                    / (2 * h);
            assertThat((double) g.gradients().get(0).get("rgb")[2][j]).isCloseTo(slope, within(1e-3));
        }
    }

    @Test
    void theSpatialMeanIsTheDescriptorAndMassCountsPositiveEvidence() {
        float[] map = new float[2 * 4];
        for (int i = 0; i < map.length; i++) map[i] = i;
        assertThat(ClassActivationMap.spatialMean(map, 2)).containsExactly(1.5f, 5.5f);
        assertThat(ClassActivationMap.meanActivation(map, 2)).containsExactly(2f, 3f, 4f, 5f);
        assertThat(ClassActivationMap.positiveMass(new float[] {-2, 1, 0.5f})).isEqualTo(1.5);
        assertThat(ClassActivationMap.peak(new float[] {-2, 1, 3, 3})).isEqualTo(2);
        assertThat(Explainer.mainViews(new double[] {0.1, 0.4, 0.2, 0.3}, 2)).containsExactly(1, 3);
        assertThat(Explainer.mainViews(new double[] {0.1, 0.4}, 5)).containsExactly(0, 1);
    }

    static LinearSvmHead randomSvm(Random random, int classes) {
        double[][] w = new double[classes][CHANNELS];
        double[] b = new double[classes];
        for (int c = 0; c < classes; c++) {
            b[c] = random.nextGaussian();
            for (int j = 0; j < CHANNELS; j++) w[c][j] = random.nextGaussian();
        }
        return new LinearSvmHead(SvmConfig.defaults(), w, b);
    }

    static StreamPoolModel pool(List<ClipClassifier> heads, ScoreFusion fusion, int classes) {
        List<String> labels = new ArrayList<>();
        for (int c = 0; c < classes; c++) labels.add("class" + c);
        return new StreamPoolModel(labels, STREAMS, heads, fusion, StreamConfig.ALL_STREAMS, Map.of(), "test", "00",
                Map.of(), null);
    }

    /** stream → [keyframe][1][C*S*S] (non-negative, as after a ReLU). */
    static Map<String, float[][][]> randomMaps(Random random) {
        Map<String, float[][][]> maps = new LinkedHashMap<>();
        for (String s : STREAMS) {
            float[][][] m = new float[KEYFRAMES][1][CHANNELS * SIDE * SIDE];
            for (float[][] k : m) {
                for (int i = 0; i < k[0].length; i++) k[0][i] = (float) Math.max(0, random.nextGaussian());
            }
            maps.put(s, m);
        }
        return maps;
    }

    static ClipFeatures features(Map<String, float[][][]> maps) {
        Map<String, float[][]> streams = new LinkedHashMap<>();
        maps.forEach((s, m) -> {
            float[][] d = new float[m.length][];
            for (int k = 0; k < m.length; k++) d[k] = ClassActivationMap.spatialMean(m[k][0], CHANNELS);
            streams.put(s, d);
        });
        return new ClipFeatures("clip", 40, false, streams);
    }

    static ClipFeatures withStream(ClipFeatures clip, String stream, float[][] values) {
        Map<String, float[][]> streams = new LinkedHashMap<>(clip.streams());
        streams.put(stream, values);
        return new ClipFeatures(clip.clip(), clip.frameCount(), clip.repeatedFrames(), streams);
    }

    static float[][] copy(float[][] a) {
        float[][] out = new float[a.length][];
        for (int i = 0; i < a.length; i++) out[i] = a[i].clone();
        return out;
    }
}
