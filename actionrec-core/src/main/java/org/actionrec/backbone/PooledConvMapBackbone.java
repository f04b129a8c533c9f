package org.actionrec.backbone;

import java.nio.FloatBuffer;

/**
 * A backbone whose output is a convolution map C×H×H (e.g. {@code mobilenet_v2_convmap.onnx}, 1280×7×7),
 * average-pooled to a coarser G×G grid per channel. Paper 003 stacks the last conv maps of N frames for a 3D
 * convolution; a 3×3 grid keeps where things are in the frame while cutting the stored floats 5x (30 frames of
 * JHMDB at full 7×7 would be 7 GB). Cells are PyTorch's adaptive-average-pool cells.
 */
public final class PooledConvMapBackbone implements Backbone {
    private final Backbone maps;
    private final int channels;
    private final int side;
    private final int grid;
    private final BackboneInfo info;

    public PooledConvMapBackbone(Backbone maps, int channels, int grid) {
        this.maps = maps;
        this.channels = channels;
        this.grid = grid;
        int area = maps.descriptorSize() / channels;
        this.side = (int) Math.round(Math.sqrt(area));
        if (channels < 1 || area * channels != maps.descriptorSize() || side * side != area) {
            throw new IllegalArgumentException(maps.info().name() + " gives " + maps.descriptorSize()
                    + " floats per image, not " + channels + " square maps");
        }
        if (grid < 1 || grid > side) {
            throw new IllegalArgumentException("grid must be in 1.." + side + ", got " + grid);
        }
        BackboneInfo in = maps.info();
        int size = channels * grid * grid;
        this.info = new BackboneInfo(in.name() + "-convmap-avg" + grid + "x" + grid, in.file(), in.sha256(),
                in.reference(), in.engine(), in.engineVersion(), in.djlVersion(),
                in.spec().withDescriptorSize(size, "last conv map " + channels + "x" + side + "x" + side
                        + " averaged to " + grid + "x" + grid), size, in.intraOpThreads(), in.preferredBatchSize());
    }

    @Override
    public BackboneInfo info() {
        return info;
    }

    @Override
    public float[][] extract(FloatBuffer images, int count) throws BackboneException {
        return pool(maps.extract(images, count));
    }

    float[][] pool(float[][] full) {
        float[][] out = new float[full.length][channels * grid * grid];
        for (int n = 0; n < full.length; n++) {
            for (int c = 0; c < channels; c++) {
                int base = c * side * side;
                for (int gy = 0; gy < grid; gy++) {
                    int y0 = gy * side / grid;
                    int y1 = ((gy + 1) * side + grid - 1) / grid;
                    for (int gx = 0; gx < grid; gx++) {
                        int x0 = gx * side / grid;
                        int x1 = ((gx + 1) * side + grid - 1) / grid;
                        float sum = 0;
                        for (int y = y0; y < y1; y++) {
                            for (int x = x0; x < x1; x++) sum += full[n][base + y * side + x];
                        }
                        out[n][(c * grid + gy) * grid + gx] = sum / ((y1 - y0) * (x1 - x0));
                    }
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        maps.close();
    }
}
