package org.actionrec.recognizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.actionrec.dataset.VideoClip;
import org.actionrec.features.ClipFeatures;
import org.actionrec.head.ClipClassifier;
import org.actionrec.model.pool.PoolSettings;
import org.junit.jupiter.api.Test;

class FrozenStreamScoreFusionTest {
    private static final int CLASSES = 4;
    private static final int DIMS = 8;
    private final Random random = new Random(5);
    private final float[][] centres = new float[CLASSES][DIMS];

    FrozenStreamScoreFusionTest() {
        for (float[] c : centres) for (int j = 0; j < DIMS; j++) c[j] = (float) random.nextGaussian();
    }

    private List<VideoClip> clips(String prefix, int count) {
        List<VideoClip> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int label = i % CLASSES;
            String name = "c" + label + "/" + prefix + i + ".avi";
            out.add(new VideoClip(Path.of("/data", name), name, "c" + label, label, prefix + i));
        }
        return out;
    }

    /** Frozen "mhi" descriptors: 3 keyframes around the class centre, noisy enough that alone it errs often. */
    @SafeVarargs
    private Map<String, ClipFeatures> describe(List<VideoClip>... sides) {
        Map<String, ClipFeatures> out = new HashMap<>();
        for (List<VideoClip> clips : sides) {
            for (VideoClip c : clips) {
                float[][] frames = new float[3][DIMS];
                for (float[] f : frames) {
                    for (int j = 0; j < DIMS; j++) f[j] = centres[c.classIndex()][j] + (float) (1.3 * random.nextGaussian());
                }
                out.put(c.relativeName(), new ClipFeatures(c.relativeName(), 3, false, Map.of("mhi", frames)));
            }
        }
        return out;
    }

    /** A trained model's clip scores: the truth boosted by a signal under unit noise, independent of mhi's. */
    private float[][] modelScores(List<VideoClip> clips) {
        float[][] s = new float[clips.size()][CLASSES];
        for (int i = 0; i < s.length; i++) {
            for (int c = 0; c < CLASSES; c++) {
                s[i][c] = (float) (random.nextGaussian() + (c == clips.get(i).classIndex() ? 1.0 : 0));
            }
        }
        return s;
    }

    private static double top1(float[][] scores, List<VideoClip> clips) {
        int ok = 0;
        for (int i = 0; i < scores.length; i++) ok += ClipClassifier.argmax(scores[i]) == clips.get(i).classIndex() ? 1 : 0;
        return 100.0 * ok / scores.length;
    }

    @Test
    void twoIndependentWeakSourcesFuseIntoABetterOne() {
        List<VideoClip> train = clips("t", 120);
        List<VideoClip> validation = clips("v", 80);
        List<VideoClip> test = clips("x", 400);
        Map<String, ClipFeatures> frozen = describe(train, validation, test);
        float[][] modelTest = modelScores(test);

        FrozenStreamScoreFusion.Result r = new FrozenStreamScoreFusion(PoolSettings.DEFAULTS, List.of("mhi"))
                .fuse("net", modelScores(validation), modelTest, train, validation, test, frozen, CLASSES);

        assertThat(r.fusion().streams()).containsExactly("net", "mhi");
        assertThat(r.testScores()).hasNumberOfRows(test.size());
        assertThat(r.c()).isIn(PoolSettings.DEFAULTS.cValues().toArray());
        // the model alone is about 50% right here; independent evidence from mhi must lift it clearly
        assertThat(top1(r.testScores(), test)).isGreaterThan(top1(modelTest, test) + 5);
    }

    @Test
    void aClipWithoutFrozenDescriptorsIsNamed() {
        List<VideoClip> train = clips("t", 8);
        List<VideoClip> validation = clips("v", 4);
        List<VideoClip> test = clips("x", 4);
        Map<String, ClipFeatures> frozen = describe(train, validation);
        assertThatThrownBy(() -> new FrozenStreamScoreFusion(PoolSettings.DEFAULTS, List.of("mhi"))
                .fuse("net", modelScores(validation), modelScores(test), train, validation, test, frozen, CLASSES))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("x0.avi");
    }
}
