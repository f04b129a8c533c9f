package org.actionrec.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Results of scoring a test set: top-1 and top-5 accuracy, mean class accuracy (mean of per-class recall over the
 * classes that have test clips), per-class precision and recall, the confusion matrix (rows: true class,
 * columns: predicted class) and each clip's prediction. Percentages throughout. The predicted class is the
 * first highest score; a clip is in the top k when fewer than k classes rank before its true class (higher
 * score, or equal score and lower index), so ties are counted the same way as argmax.
 */
public record Evaluation(List<String> classNames, int clips, double top1Pct, double top5Pct,
                         double meanClassAccuracyPct, List<ClassMetrics> classes, int[][] confusion,
                         List<Prediction> predictions) {

    /**
     * @param scores     [clips][classes] clip scores (higher is more likely)
     * @param truth      true class index per clip
     * @param classNames one name per class
     * @param clipIds    one name per clip, or null for "clip-i"
     */
    public static Evaluation of(float[][] scores, int[] truth, List<String> classNames, List<String> clipIds) {
        int n = truth.length;
        int classes = classNames.size();
        if (scores.length != n || (clipIds != null && clipIds.size() != n)) {
            throw new IllegalArgumentException("scores, truth and clip ids differ in length: "
                    + scores.length + ", " + n + ", " + (clipIds == null ? "-" : clipIds.size()));
        }
        if (n == 0) {
            throw new IllegalArgumentException("nothing to evaluate: no clips");
        }
        int[][] confusion = new int[classes][classes];
        int top1 = 0;
        int top5 = 0;
        int k = Math.min(5, classes);
        List<Prediction> predictions = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] s = scores[i];
            if (s.length != classes) {
                throw new IllegalArgumentException("clip " + i + " has " + s.length + " scores for " + classes + " classes");
            }
            int t = truth[i];
            if (t < 0 || t >= classes) {
                throw new IllegalArgumentException("clip " + i + " has class index " + t + " outside 0.." + (classes - 1));
            }
            int predicted = 0;
            for (int c = 1; c < classes; c++) {
                if (s[c] > s[predicted]) {
                    predicted = c;
                }
            }
            int before = 0;
            for (int c = 0; c < classes; c++) {
                if (s[c] > s[t] || (s[c] == s[t] && c < t)) {
                    before++;
                }
            }
            if (predicted == t) {
                top1++;
            }
            if (before < k) {
                top5++;
            }
            confusion[t][predicted]++;
            String clip = clipIds == null ? "clip-" + i : clipIds.get(i);
            predictions.add(new Prediction(clip, classNames.get(t), classNames.get(predicted), s[predicted]));
        }
        List<ClassMetrics> perClass = new ArrayList<>(classes);
        double recallSum = 0;
        int classesWithClips = 0;
        for (int c = 0; c < classes; c++) {
            int support = 0;
            int predictedAs = 0;
            for (int j = 0; j < classes; j++) {
                support += confusion[c][j];
                predictedAs += confusion[j][c];
            }
            Double precision = predictedAs == 0 ? null : 100.0 * confusion[c][c] / predictedAs;
            Double recall = support == 0 ? null : 100.0 * confusion[c][c] / support;
            if (recall != null) {
                recallSum += recall;
                classesWithClips++;
            }
            perClass.add(new ClassMetrics(classNames.get(c), support, predictedAs, precision, recall));
        }
        return new Evaluation(List.copyOf(classNames), n, 100.0 * top1 / n, 100.0 * top5 / n,
                recallSum / classesWithClips, List.copyOf(perClass), confusion, List.copyOf(predictions));
    }

    public EvaluationSummary summary() {
        return EvaluationSummary.of(this);
    }
}
