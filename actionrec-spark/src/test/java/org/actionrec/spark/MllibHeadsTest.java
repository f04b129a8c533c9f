package org.actionrec.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.actionrec.head.ClipClassifier;
import org.actionrec.head.LabelledClip;
import org.actionrec.head.LinearSvmHead;
import org.actionrec.head.SoftmaxHead;
import org.actionrec.model.pool.HeadKind;
import org.actionrec.model.pool.PoolSettings;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** MLlib's heads against LIBLINEAR's on three Gaussian classes of clips: the same predictions on held-out clips. */
class MllibHeadsTest {
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** Clips of 3 keyframes around one of three class centres in 16 dimensions. */
    private static List<LabelledClip> clips(int perClass, long seed) {
        Random r = new Random(seed);
        List<LabelledClip> out = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < perClass; i++) {
                float[][] keyframes = new float[3][16];
                for (float[] k : keyframes) {
                    for (int j = 0; j < k.length; j++) {
                        k[j] = (float) ((j % 3 == c ? 1.5 : 0) + r.nextGaussian());
                    }
                }
                out.add(new LabelledClip(keyframes, c));
            }
        }
        return out;
    }

    private static double agreement(ClipClassifier a, ClipClassifier b, List<LabelledClip> test) {
        return test.stream().filter(t -> a.predict(t.keyframes()) == b.predict(t.keyframes())).count()
                / (double) test.size();
    }

    private static double accuracy(ClipClassifier h, List<LabelledClip> test) {
        return test.stream().filter(t -> h.predict(t.keyframes()) == t.label()).count() / (double) test.size();
    }

    @Test
    void mllibHeadsPredictAsLiblinearDoes() {
        List<LabelledClip> train = clips(40, 1);
        List<LabelledClip> test = clips(30, 2);
        PoolSettings pool = PoolSettings.DEFAULTS;
        ClipClassifier liblinear = HeadKind.SVM.trainer(0.1, pool).train(train, 3);
        ClipClassifier lr = MllibHeads.trainers(spark, MllibHeads.Kind.LOGISTIC, pool).apply(0.1).train(train, 3);
        ClipClassifier svm = MllibHeads.trainers(spark, MllibHeads.Kind.SVM, pool).apply(0.1).train(train, 3);

        assertThat(lr).isInstanceOf(SoftmaxHead.class);
        assertThat(svm).isInstanceOf(LinearSvmHead.class);
        assertThat(accuracy(liblinear, test)).isGreaterThan(0.9);
        assertThat(accuracy(lr, test)).isGreaterThan(0.9);
        assertThat(accuracy(svm, test)).isGreaterThan(0.9);
        assertThat(agreement(svm, liblinear, test)).isGreaterThan(0.95);
        assertThat(agreement(lr, liblinear, test)).isGreaterThan(0.9);
        // Probabilities: each keyframe's scores sum to 1.
        float[] p = lr.scoreKeyframe(test.get(0).keyframes()[0]);
        assertThat(p[0] + p[1] + p[2]).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-5f));
    }

    @Test
    void aClassMissingFromTheTrainingClipsNeverWins() {
        List<LabelledClip> two = clips(20, 3).stream().filter(c -> c.label() < 2).toList();
        ClipClassifier lr = MllibHeads.trainers(spark, MllibHeads.Kind.LOGISTIC, PoolSettings.DEFAULTS).apply(0.1)
                .train(two, 3);
        assertThat(lr.classCount()).isEqualTo(3);
        assertThat(clips(10, 4)).allSatisfy(c -> assertThat(lr.predict(c.keyframes())).isLessThan(2));
    }

    @Test
    void namesTheKinds() {
        assertThat(MllibHeads.Kind.parse("lr")).isEqualTo(MllibHeads.Kind.LOGISTIC);
        assertThat(MllibHeads.Kind.parse("SVM")).isEqualTo(MllibHeads.Kind.SVM);
        assertThatThrownBy(() -> MllibHeads.Kind.parse("tree")).hasMessageContaining("not 'tree'");
    }
}
