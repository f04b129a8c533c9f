package org.actionrec.head;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Problem;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LinearSvmHeadTest {
    private final Blobs blobs = new Blobs(5, 20, 1.5, 1.0, 42);
    private final List<LabelledClip> train = blobs.clips(20, 3);
    private final List<LabelledClip> test = blobs.clips(20, 3);

    @Test
    void separatesGaussianBlobsOnHeldOutClips() {
        LinearSvmHead head = LinearSvmHead.train(train, 5, SvmConfig.defaults());
        assertThat(head.classCount()).isEqualTo(5);
        assertThat(head.descriptorSize()).isEqualTo(20);
        assertThat(Blobs.accuracy(head, test)).isGreaterThan(0.95);
    }

    @Test
    void decisionValuesEqualLiblinearsOwn() {
        SvmConfig config = SvmConfig.defaults();
        LinearSvmHead head = LinearSvmHead.train(train, 5, config);
        // Train class 2 against the rest directly with LIBLINEAR, as the head should, and compare predictValues.
        List<Feature[]> rows = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (LabelledClip clip : train) {
            for (float[] k : clip.keyframes()) {
                rows.add(LinearSvmHead.toFeatures(k, 1.0));
                y.add(clip.label() == 2 ? 1.0 : -1.0);
            }
        }
        Problem p = new Problem();
        p.l = rows.size();
        p.n = 21;
        p.bias = 1.0;
        p.x = rows.toArray(new Feature[0][]);
        p.y = y.stream().mapToDouble(Double::doubleValue).toArray();
        Model model = Linear.train(p, LinearSvmHead.parameter(config));
        double sign = model.getLabels()[0] == 1 ? 1 : -1;
        for (LabelledClip clip : test.subList(0, 10)) {
            double mean = 0;
            for (float[] k : clip.keyframes()) {
                double[] dec = new double[1];
                Linear.predictValues(model, LinearSvmHead.toFeatures(k, 1.0), dec);
                assertThat((double) head.scoreKeyframe(k)[2]).isCloseTo(sign * dec[0], within(1e-4));
                mean += sign * dec[0] / clip.keyframes().length;
            }
            assertThat((double) head.scoreClip(clip.keyframes())[2]).isCloseTo(mean, within(1e-4));
        }
    }

    @Test
    void multiThreadedTrainingGivesTheSameModel() {
        LinearSvmHead one = LinearSvmHead.train(train, 5, SvmConfig.defaults());
        LinearSvmHead three = LinearSvmHead.train(train, 5, SvmConfig.defaults().withThreads(3));
        for (int c = 0; c < 5; c++) {
            assertThat(three.weights()[c]).containsExactly(one.weights()[c]);
        }
        assertThat(three.biases()).containsExactly(one.biases());
    }

    @Test
    void roundTripsThroughJson() throws Exception {
        LinearSvmHead head = LinearSvmHead.train(train, 5, SvmConfig.defaults().withC(0.1));
        ClipClassifier back = HeadCodec.fromBytes(HeadCodec.toBytes(head));
        assertThat(back).isInstanceOf(LinearSvmHead.class);
        assertThat(((LinearSvmHead) back).config()).isEqualTo(head.config());
        LabelledClip clip = test.get(7);
        assertThat(back.scoreClip(clip.keyframes())).containsExactly(head.scoreClip(clip.keyframes()));
    }

    @Test
    void smallerCShrinksTheWeights() {
        double big = norm(LinearSvmHead.train(train, 5, SvmConfig.defaults().withC(10)));
        double small = norm(LinearSvmHead.train(train, 5, SvmConfig.defaults().withC(0.001)));
        assertThat(small).isLessThan(big);
    }

    private static double norm(LinearSvmHead head) {
        double s = 0;
        for (double[] w : head.weights()) {
            for (double v : w) {
                s += v * v;
            }
        }
        return s;
    }
}
