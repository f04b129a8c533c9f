package org.actionrec.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;
import org.actionrec.head.ClipClassifier;
import org.actionrec.head.HeadTrainer;
import org.actionrec.head.LabelledClip;
import org.actionrec.head.LinearSvmHead;
import org.actionrec.head.SoftmaxConfig;
import org.actionrec.head.SoftmaxHead;
import org.actionrec.head.SvmConfig;
import org.actionrec.model.pool.PoolSettings;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.classification.LinearSVC;
import org.apache.spark.ml.classification.LinearSVCModel;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.classification.OneVsRest;
import org.apache.spark.ml.classification.OneVsRestModel;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The per-stream heads trained by Spark MLlib on the cluster instead of LIBLINEAR on the driver: multinomial
 * logistic regression (a {@link SoftmaxHead} on unstandardised descriptors) or one-vs-rest linear SVMs (a
 * {@link LinearSvmHead}), one keyframe descriptor a row, so the model file and the scoring are the core's.
 * LIBLINEAR's C becomes MLlib's regParam = 1 / (C n) for n keyframe rows (the same objective up to a factor:
 * C Σ loss + ½‖w‖² divided by C n); MLlib leaves the intercept unregularised where LIBLINEAR regularises its
 * bias weight, and its stopping rule differs, so the heads are close to LIBLINEAR's, not equal.
 */
public final class MllibHeads {
    /** Which MLlib classifier. */
    public enum Kind {
        LOGISTIC("mllib-logistic-regression"), SVM("mllib-linear-svc-one-vs-rest");

        private final String headName;

        Kind(String headName) {
            this.headName = headName;
        }

        /** What the report and model file call the head. */
        public String headName() {
            return headName;
        }

        public static Kind parse(String s) {
            return switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "lr", "logistic", "logistic-regression" -> LOGISTIC;
                case "svm", "linear-svc" -> SVM;
                default -> throw new IllegalArgumentException("distributed head is lr (multinomial logistic "
                        + "regression) or svm (one-vs-rest linear SVMs), not '" + s + "'");
            };
        }
    }

    private static final StructType SCHEMA = new StructType()
            .add("label", DataTypes.DoubleType, false)
            .add("features", SQLDataTypes.VectorType(), false);
    private static final int MAX_ITERATIONS = 200;

    private MllibHeads() {
    }

    /** A trainer per C, as {@link org.actionrec.model.pool.StreamPoolTrainer} asks for them. */
    public static DoubleFunction<HeadTrainer> trainers(SparkSession spark, Kind kind, PoolSettings pool) {
        return c -> (clips, classCount) -> train(spark, kind, c, pool, clips, classCount);
    }

    static ClipClassifier train(SparkSession spark, Kind kind, double c, PoolSettings pool, List<LabelledClip> clips,
                                int classCount) {
        List<Row> rows = new ArrayList<>();
        for (LabelledClip clip : clips) {
            for (float[] keyframe : clip.keyframes()) {
                double[] x = new double[keyframe.length];
                for (int j = 0; j < x.length; j++) {
                    x[j] = keyframe[j];
                }
                rows.add(RowFactory.create((double) clip.label(), Vectors.dense(x)));
            }
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no training clips");
        }
        int d = clips.get(0).descriptorSize();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Dataset<Row> data = spark.createDataFrame(jsc.parallelize(rows, jsc.defaultParallelism()), SCHEMA).cache();
        double regParam = 1.0 / (c * rows.size());
        try {
            return switch (kind) {
                case LOGISTIC -> logistic(data, regParam, c, classCount, d);
                case SVM -> svm(data, regParam, c, classCount, d, pool);
            };
        } finally {
            data.unpersist();
        }
    }

    private static SoftmaxHead logistic(Dataset<Row> data, double regParam, double c, int classCount, int d) {
        LogisticRegressionModel m = new LogisticRegression().setFamily("multinomial").setRegParam(regParam)
                .setElasticNetParam(0).setStandardization(false).setMaxIter(MAX_ITERATIONS).setTol(1e-6).fit(data);
        Matrix w = m.coefficientMatrix();
        double[][] weights = new double[classCount][d];
        double[] biases = new double[classCount];
        // A class absent from the training rows (MLlib counts classes up to the highest label) never wins.
        Arrays.fill(biases, -1e4);
        for (int k = 0; k < w.numRows(); k++) {
            for (int j = 0; j < d; j++) {
                weights[k][j] = w.apply(k, j);
            }
            biases[k] = m.interceptVector().apply(k);
        }
        double[] mean = new double[d];
        double[] std = new double[d];
        Arrays.fill(std, 1.0);
        SoftmaxConfig defaults = SoftmaxConfig.defaults();
        return new SoftmaxHead(new SoftmaxConfig(1e-3 / c, MAX_ITERATIONS, defaults.gradientTolerance(),
                defaults.memory()), mean, std, weights, biases);
    }

    /** One-vs-rest, the binary problems {@code pool.threads()} at a time. */
    private static LinearSvmHead svm(Dataset<Row> data, double regParam, double c, int classCount, int d,
                                     PoolSettings pool) {
        OneVsRestModel m = new OneVsRest().setClassifier(new LinearSVC().setRegParam(regParam).setStandardization(false)
                .setMaxIter(MAX_ITERATIONS).setTol(1e-6)).setParallelism(Math.max(1, pool.threads())).fit(data);
        double[][] weights = new double[classCount][d];
        double[] biases = new double[classCount];
        Arrays.fill(biases, -1e4);
        for (int k = 0; k < m.models().length; k++) {
            LinearSVCModel svc = (LinearSVCModel) m.models()[k];
            weights[k] = svc.coefficients().toArray();
            biases[k] = svc.intercept();
        }
        SvmConfig defaults = SvmConfig.defaults();
        return new LinearSvmHead(new SvmConfig(c, 1e-6, MAX_ITERATIONS, 1.0, 1, defaults.seed()), weights, biases);
    }
}
