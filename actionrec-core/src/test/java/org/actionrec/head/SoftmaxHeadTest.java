package org.actionrec.head;

import org.actionrec.head.optim.Lbfgs;
import org.actionrec.head.optim.LbfgsResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SoftmaxHeadTest {
    @Test
    void reachesHighAccuracyOnBlobsAndScoresAreProbabilities() throws Exception {
        Blobs blobs = new Blobs(4, 16, 1.0, 1.0, 7);
        List<LabelledClip> train = blobs.clips(25, 3);
        List<LabelledClip> test = blobs.clips(25, 3);
        SoftmaxHead head = SoftmaxHead.train(train, 4, SoftmaxConfig.defaults());
        assertThat(Blobs.accuracy(head, test)).isGreaterThan(0.95);
        float[] p = head.scoreClip(test.get(0).keyframes());
        double sum = 0;
        for (float v : p) {
            assertThat(v).isBetween(0f, 1f);
            sum += v;
        }
        assertThat(sum).isCloseTo(1.0, within(1e-5));
        ClipClassifier back = HeadCodec.fromBytes(HeadCodec.toBytes(head));
        assertThat(back).isInstanceOf(SoftmaxHead.class);
        assertThat(back.scoreClip(test.get(3).keyframes())).containsExactly(head.scoreClip(test.get(3).keyframes()));
    }

    @Test
    void standardisesInsideTheHead() {
        // Same blobs, one feature scaled by 1000 and shifted: standardisation makes the model see the same data.
        Blobs blobs = new Blobs(3, 5, 1.0, 0.8, 3);
        List<LabelledClip> train = blobs.clips(20, 2);
        List<LabelledClip> scaled = train.stream().map(c -> {
            float[][] k = new float[c.keyframes().length][];
            for (int f = 0; f < k.length; f++) {
                k[f] = c.keyframes()[f].clone();
                k[f][0] = k[f][0] * 1000 + 500;
            }
            return new LabelledClip(k, c.label());
        }).toList();
        SoftmaxHead a = SoftmaxHead.train(train, 3, SoftmaxConfig.defaults());
        SoftmaxHead b = SoftmaxHead.train(scaled, 3, SoftmaxConfig.defaults());
        assertThat(b.mean()[0]).isCloseTo(a.mean()[0] * 1000 + 500, within(1e-2));
        assertThat(b.std()[0]).isCloseTo(a.std()[0] * 1000, within(1e-2));
        for (int c = 0; c < 3; c++) {
            assertThat(b.weights()[c][0]).isCloseTo(a.weights()[c][0], within(1e-3));
        }
    }

    @Test
    void lbfgsFindsTheMinimumOfAnIllConditionedQuadratic() {
        // f(x) = 1/2 (x - x*)'A(x - x*) with A diagonal (condition number 1e3; scipy L-BFGS-B needs ~300 iterations here), written so f stays accurate near x*.
        int n = 30;
        double[] a = new double[n];
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = Math.pow(10, 3.0 * i / (n - 1));
            b[i] = Math.sin(i + 1);
        }
        LbfgsResult r = new Lbfgs(new Lbfgs.Settings(10, 2000, 1e-10, 0)).minimize((x, g) -> {
            double f = 0;
            for (int i = 0; i < n; i++) {
                double e = x[i] - b[i] / a[i];
                f += 0.5 * a[i] * e * e;
                g[i] = a[i] * e;
            }
            return f;
        }, new double[n]);
        assertThat(r.converged()).isTrue();
        for (int i = 0; i < n; i++) {
            assertThat(r.solution()[i]).isCloseTo(b[i] / a[i], within(1e-8));
        }
    }

    @Test
    void lbfgsDrivesTheLogisticGradientToZeroOnRosenbrockAndSoftmax() {
        // Rosenbrock: known optimum (1, 1).
        LbfgsResult rosen = new Lbfgs(new Lbfgs.Settings(5, 2000, 1e-10, 0)).minimize((x, g) -> {
            double u = 1 - x[0];
            double v = x[1] - x[0] * x[0];
            g[0] = -2 * u - 400 * x[0] * v;
            g[1] = 200 * v;
            return u * u + 100 * v * v;
        }, new double[] {-1.2, 1});
        assertThat(rosen.solution()[0]).isCloseTo(1, within(1e-6));
        assertThat(rosen.solution()[1]).isCloseTo(1, within(1e-6));

        // Regularised softmax on random data: strictly convex, so the optimum is where the gradient vanishes.
        Random random = new Random(5);
        int n = 60;
        int d = 4;
        int classes = 3;
        double[] x = new double[n * d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = random.nextInt(classes);
            for (int j = 0; j < d; j++) {
                x[i * d + j] = random.nextGaussian() + (j == y[i] ? 0.7 : 0);
            }
        }
        SoftmaxHead.CrossEntropy f = new SoftmaxHead.CrossEntropy(x, y, n, d, classes, 0.01);
        LbfgsResult r = new Lbfgs(new Lbfgs.Settings(10, 1000, 1e-9, 0)).minimize(f, new double[classes * (d + 1)]);
        double[] g = new double[classes * (d + 1)];
        double value = f.valueAndGradient(r.solution(), g);
        double gNorm = 0;
        for (double v : g) {
            gNorm += v * v;
        }
        assertThat(Math.sqrt(gNorm)).isLessThan(1e-8);
        assertThat(value).isLessThan(Math.log(classes)); // better than the all-zero start
        // the gradient check: finite differences agree with the analytic gradient at a random point
        double[] theta = new double[classes * (d + 1)];
        for (int k = 0; k < theta.length; k++) {
            theta[k] = random.nextGaussian() * 0.3;
        }
        double[] analytic = new double[theta.length];
        f.valueAndGradient(theta, analytic);
        for (int k = 0; k < theta.length; k++) {
            double[] plus = theta.clone();
            double[] minus = theta.clone();
            plus[k] += 1e-6;
            minus[k] -= 1e-6;
            double numeric = (f.valueAndGradient(plus, new double[theta.length])
                    - f.valueAndGradient(minus, new double[theta.length])) / 2e-6;
            assertThat(analytic[k]).isCloseTo(numeric, within(1e-6));
        }
    }
}
