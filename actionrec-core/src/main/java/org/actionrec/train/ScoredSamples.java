package org.actionrec.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Sample scores to clip scores: a clip scored as several samples (a fine-tuned model's keyframes) gets their mean. */
public final class ScoredSamples {
    private ScoredSamples() {
    }

    /** Mean of the sample scores of each clip, rows in {@code clipIds} order. */
    public static float[][] perClip(float[][] sampleScores, List<SequenceSample> samples, List<String> clipIds) {
        Map<String, Integer> row = new LinkedHashMap<>();
        for (int i = 0; i < clipIds.size(); i++) row.put(clipIds.get(i), i);
        int classes = sampleScores.length == 0 ? 0 : sampleScores[0].length;
        float[][] sum = new float[clipIds.size()][classes];
        int[] count = new int[clipIds.size()];
        for (int i = 0; i < samples.size(); i++) {
            int r = row.get(samples.get(i).clipId());
            for (int c = 0; c < classes; c++) sum[r][c] += sampleScores[i][c];
            count[r]++;
        }
        for (int r = 0; r < sum.length; r++) {
            for (int c = 0; c < classes; c++) sum[r][c] /= Math.max(1, count[r]);
        }
        return sum;
    }
}
