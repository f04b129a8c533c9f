package org.actionrec.head;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Synthetic clips: each class a Gaussian blob around its own random centre; keyframes jitter around the clip. */
final class Blobs {
    final float[][] centres;
    private final double spread;
    private final Random random;

    Blobs(int classes, int dims, double separation, double spread, long seed) {
        this.random = new Random(seed);
        this.spread = spread;
        centres = new float[classes][dims];
        for (float[] c : centres) {
            for (int j = 0; j < dims; j++) {
                c[j] = (float) (random.nextGaussian() * separation);
            }
        }
    }

    List<LabelledClip> clips(int perClass, int keyframes) {
        List<LabelledClip> out = new ArrayList<>();
        for (int i = 0; i < perClass; i++) {
            for (int c = 0; c < centres.length; c++) {
                out.add(clip(c, keyframes));
            }
        }
        return out;
    }

    LabelledClip clip(int label, int keyframes) {
        int d = centres[label].length;
        float[] clipCentre = new float[d];
        for (int j = 0; j < d; j++) {
            clipCentre[j] = centres[label][j] + (float) (random.nextGaussian() * spread);
        }
        float[][] k = new float[keyframes][d];
        for (int f = 0; f < keyframes; f++) {
            for (int j = 0; j < d; j++) {
                k[f][j] = clipCentre[j] + (float) (random.nextGaussian() * spread * 0.5);
            }
        }
        return new LabelledClip(k, label);
    }

    static double accuracy(ClipClassifier head, List<LabelledClip> clips) {
        int correct = 0;
        for (LabelledClip clip : clips) {
            if (head.predict(clip.keyframes()) == clip.label()) {
                correct++;
            }
        }
        return (double) correct / clips.size();
    }
}
