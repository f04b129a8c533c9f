package org.actionrec.backbone.quantize;

import java.nio.FloatBuffer;

/** Per-channel means of a tensor laid out [N, C, ...] over a stream of batches (what bias correction compares). */
final class ChannelMeans {
    private double[] sums;
    private long perChannel;

    void add(FloatBuffer values, long[] shape) {
        if (shape.length < 2) throw new IllegalArgumentException("no channel axis in shape of rank " + shape.length);
        int channels = (int) shape[1];
        int inner = 1;
        for (int d = 2; d < shape.length; d++) inner *= (int) shape[d];
        if (sums == null) sums = new double[channels];
        int at = values.position();
        for (long n = 0; n < shape[0]; n++) {
            for (int c = 0; c < channels; c++) {
                double s = 0;
                for (int k = 0; k < inner; k++) s += values.get(at++);
                sums[c] += s;
            }
        }
        perChannel += shape[0] * inner;
    }

    double[] means() {
        double[] m = new double[sums.length];
        for (int c = 0; c < m.length; c++) m[c] = sums[c] / perChannel;
        return m;
    }
}
