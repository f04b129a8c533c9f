package org.actionrec.head;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One-vs-rest linear SVMs trained with LIBLINEAR (paper 000's classifier): every keyframe descriptor is one
 * sample carrying its clip's label; a keyframe's score for class c is the decision value w_c·x + b_c, and a
 * clip's score the mean over its keyframes.
 * <p>
 * Each class is trained as its own binary problem (+1 for the class, -1 for the rest) with its own seeded
 * Random, which is what LIBLINEAR's one-vs-rest does apart from sharing one Random across classes; doing it
 * ourselves makes the model independent of the order and the number of threads the classes are trained on.
 *
 * @param weights [C][D] weight vectors
 * @param biases  [C] intercepts (LIBLINEAR's bias weight times the bias feature value)
 */
public record LinearSvmHead(SvmConfig config, double[][] weights, double[] biases) implements ClipClassifier {
    private static final Logger LOG = LoggerFactory.getLogger(LinearSvmHead.class);

    static {
        Linear.disableDebugOutput(); // LIBLINEAR prints its progress to stdout otherwise
    }

    public LinearSvmHead {
        if (weights.length == 0 || weights.length != biases.length) {
            throw new IllegalArgumentException("need one weight vector and one bias per class: "
                    + weights.length + " vs " + biases.length);
        }
    }

    /** A trainer with the given settings, e.g. for {@link FusionWeightSearch}. */
    public static HeadTrainer trainer(SvmConfig config) {
        return (clips, classCount) -> train(clips, classCount, config);
    }

    public static LinearSvmHead train(List<LabelledClip> clips, int classCount, SvmConfig config) {
        if (clips.isEmpty()) {
            throw new IllegalArgumentException("no training clips");
        }
        int d = clips.get(0).descriptorSize();
        List<Feature[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (LabelledClip clip : clips) {
            if (clip.descriptorSize() != d) {
                throw new IllegalArgumentException("descriptor sizes differ: " + d + " and " + clip.descriptorSize());
            }
            if (clip.label() >= classCount) {
                throw new IllegalArgumentException("label " + clip.label() + " outside " + classCount + " classes");
            }
            for (float[] keyframe : clip.keyframes()) {
                rows.add(toFeatures(keyframe, config.bias()));
                labels.add(clip.label());
            }
        }
        Feature[][] x = rows.toArray(new Feature[0][]);
        long start = System.nanoTime();
        double[][] w = new double[classCount][];
        double[] b = new double[classCount];
        if (config.threads() == 1 || classCount == 1) {
            for (int c = 0; c < classCount; c++) {
                double[] wb = trainOneVsRest(x, labels, c, d, config);
                w[c] = java.util.Arrays.copyOf(wb, d);
                b[c] = wb[d];
            }
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(config.threads(), classCount));
            try {
                List<Future<double[]>> futures = new ArrayList<>();
                for (int c = 0; c < classCount; c++) {
                    int cls = c;
                    futures.add(pool.submit(() -> trainOneVsRest(x, labels, cls, d, config)));
                }
                for (int c = 0; c < classCount; c++) {
                    double[] wb = futures.get(c).get();
                    w[c] = java.util.Arrays.copyOf(wb, d);
                    b[c] = wb[d];
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while training SVMs", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("SVM training failed: " + e.getCause(), e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }
        LOG.debug("trained {} one-vs-rest SVMs (C={}) on {} samples x {} features in {} ms on {} thread(s)",
                classCount, config.c(), x.length, d, (System.nanoTime() - start) / 1_000_000, config.threads());
        return new LinearSvmHead(config, w, b);
    }

    /** Trains class {@code cls} against the rest; returns w (length d) followed by the intercept. */
    private static double[] trainOneVsRest(Feature[][] x, List<Integer> labels, int cls, int d, SvmConfig config) {
        double[] y = new double[x.length];
        boolean anyPositive = false;
        for (int i = 0; i < y.length; i++) {
            y[i] = labels.get(i) == cls ? +1 : -1;
            anyPositive |= labels.get(i) == cls;
        }
        double[] wb = new double[d + 1];
        if (!anyPositive) {
            LOG.warn("class {} has no training samples; it gets score -1 for every input", cls);
            wb[d] = -1;
            return wb;
        }
        Problem problem = new Problem();
        problem.l = x.length;
        problem.n = config.bias() >= 0 ? d + 1 : d;
        problem.x = x; // shared read-only between classes
        problem.y = y;
        problem.bias = config.bias();
        Model model = Linear.train(problem, parameter(config));
        // LIBLINEAR keeps one weight vector for two classes, pointing toward its first label.
        double sign = model.getLabels()[0] == +1 ? 1 : -1;
        if (model.getNrClass() == 1) { // only +1 present: LIBLINEAR stores no separating vector
            wb[d] = 1;
            return wb;
        }
        double[] raw = model.getFeatureWeights();
        for (int j = 0; j < d; j++) {
            wb[j] = sign * raw[j];
        }
        wb[d] = config.bias() >= 0 ? sign * raw[d] * config.bias() : 0;
        return wb;
    }

    /** LIBLINEAR's parameters for these settings (public so tests and tools can call LIBLINEAR directly). */
    public static Parameter parameter(SvmConfig config) {
        Parameter p = new Parameter(SolverType.L2R_L2LOSS_SVC_DUAL, config.c(), config.eps());
        p.setMaxIters(config.maxIterations());
        p.setRandom(new Random(config.seed()));
        return p;
    }

    /** A descriptor as LIBLINEAR's sparse sample (indices from 1, zeros left out, bias feature appended). */
    public static Feature[] toFeatures(float[] descriptor, double bias) {
        int nonZero = 0;
        for (float v : descriptor) {
            if (v != 0) {
                nonZero++;
            }
        }
        Feature[] f = new Feature[nonZero + (bias >= 0 ? 1 : 0)];
        int k = 0;
        for (int j = 0; j < descriptor.length; j++) {
            if (descriptor[j] != 0) {
                f[k++] = new FeatureNode(j + 1, descriptor[j]);
            }
        }
        if (bias >= 0) {
            f[k] = new FeatureNode(descriptor.length + 1, bias);
        }
        return f;
    }

    @Override
    public int classCount() {
        return weights.length;
    }

    @Override
    public int descriptorSize() {
        return weights[0].length;
    }

    @Override
    public float[] scoreKeyframe(float[] descriptor) {
        ClipClassifier.checkDescriptor(descriptor, descriptorSize());
        float[] out = new float[weights.length];
        for (int c = 0; c < weights.length; c++) {
            double[] w = weights[c];
            double s = biases[c];
            for (int j = 0; j < w.length; j++) {
                s += w[j] * descriptor[j];
            }
            out[c] = (float) s;
        }
        return out;
    }
}
