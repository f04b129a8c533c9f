package org.actionrec.transform;

import java.nio.ByteBuffer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Writes a square window of an 8-bit image into a float[] as a normalised CHW tensor (R plane first), through
 * one 256-entry table per channel. The tables hold {@code (v / 255f - mean) / std} computed in float32 exactly as
 * numpy does, so values match the reference bit for bit; the loop is also the HWC-to-CHW transpose and the mirror,
 * so no intermediate image is made.
 */
final class TensorWriter {
    private final float[][] table = new float[3][256];
    private byte[] row = new byte[0];

    TensorWriter(ImagePreprocessing config) {
        float[] mean = config.mean();
        float[] std = config.std();
        for (int c = 0; c < 3; c++) {
            for (int v = 0; v < 256; v++) {
                table[c][v] = ((float) v / 255f - mean[c]) / std[c];
            }
        }
    }

    /** {@code image}: a continuous 8-bit Mat with 1 or 3 channels (a grey image is repeated to R, G and B). */
    void write(Mat image, CropWindow w, float[] dst, int offset) {
        if (!image.isContinuous()) {
            throw new IllegalStateException("expected a continuous image");
        }
        int channels = image.channels();
        int cols = image.cols();
        int size = w.size();
        if (w.x() + size > cols || w.y() + size > image.rows()) {
            throw new IllegalArgumentException("crop " + w + " outside a " + cols + "x" + image.rows() + " image");
        }
        if (offset < 0 || offset + 3 * size * size > dst.length) {
            throw new IndexOutOfBoundsException("a " + size + "x" + size + " tensor at " + offset
                    + " does not fit in float[" + dst.length + "]");
        }
        int rowBytes = size * channels;
        if (row.length < rowBytes) {
            row = new byte[rowBytes];
        }
        ByteBuffer pixels = image.createBuffer();
        int plane = size * size;
        float[] r = table[0];
        float[] g = table[1];
        float[] b = table[2];
        for (int y = 0; y < size; y++) {
            pixels.get(((w.y() + y) * cols + w.x()) * channels, row, 0, rowBytes);
            int out = offset + y * size;
            if (channels == 3) {
                for (int x = 0; x < size; x++) {
                    int src = (w.mirrored() ? size - 1 - x : x) * 3;
                    dst[out + x] = r[row[src] & 0xFF];
                    dst[out + plane + x] = g[row[src + 1] & 0xFF];
                    dst[out + 2 * plane + x] = b[row[src + 2] & 0xFF];
                }
            } else {
                for (int x = 0; x < size; x++) {
                    int v = row[w.mirrored() ? size - 1 - x : x] & 0xFF;
                    dst[out + x] = r[v];
                    dst[out + plane + x] = g[v];
                    dst[out + 2 * plane + x] = b[v];
                }
            }
        }
    }
}
