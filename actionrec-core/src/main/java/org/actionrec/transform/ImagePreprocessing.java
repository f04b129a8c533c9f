package org.actionrec.transform;

import java.util.Arrays;
import java.util.List;

/**
 * How a backbone wants its input: shorter side resized to {@code resize} (bilinear), a {@code crop} x crop
 * square cut out, each channel normalised as {@code (value / 255 - mean[c]) / std[c]}, laid out CHW.
 * {@link #IMAGENET} is the torchvision ImageNet setting (256 / 224, ImageNet mean and std) the reference uses.
 */
public record ImagePreprocessing(int resize, int crop, float[] mean, float[] std) {

    public static final ImagePreprocessing IMAGENET = new ImagePreprocessing(256, 224,
            new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});

    public ImagePreprocessing {
        if (crop <= 0 || resize < crop) {
            throw new IllegalArgumentException("need 0 < crop <= resize, got crop " + crop + ", resize " + resize);
        }
        if (mean == null || std == null || mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("mean and std need 3 values (R, G, B)");
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("std values must be positive: " + Arrays.toString(std));
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** Same normalisation, other sizes (e.g. 299/342 for Inception-style backbones). */
    public ImagePreprocessing withSizes(int newResize, int newCrop) {
        return new ImagePreprocessing(newResize, newCrop, mean, std);
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    /** Floats in one CHW image tensor: 3 * crop * crop. */
    public int tensorLength() {
        return 3 * crop * crop;
    }

    /**
     * The size after scaling the shorter side to {@link #resize()}: {@code round(w * s), round(h * s)} with
     * {@code s = resize / min(w, h)} in double and Python's round (half to even), as the reference computes it.
     */
    public ImageSize resizedSize(int width, int height) {
        double s = (double) resize / Math.min(width, height);
        return new ImageSize((int) Math.rint(width * s), (int) Math.rint(height * s));
    }

    /** The centre crop of a resized image: offsets {@code (w - crop) / 2, (h - crop) / 2} (integer division). */
    public CropWindow centreCrop(ImageSize resized) {
        return new CropWindow((resized.width() - crop) / 2, (resized.height() - crop) / 2, crop, false);
    }

    /**
     * The ten crops of multi-view testing (paper 003): top-left, top-right, bottom-left, bottom-right, centre
     * (torchvision's FiveCrop order), then the same five mirrored.
     */
    public List<CropWindow> tenCrops(ImageSize resized) {
        int right = resized.width() - crop;
        int bottom = resized.height() - crop;
        CropWindow[] five = {
            new CropWindow(0, 0, crop, false), new CropWindow(right, 0, crop, false),
            new CropWindow(0, bottom, crop, false), new CropWindow(right, bottom, crop, false),
            centreCrop(resized)
        };
        CropWindow[] ten = new CropWindow[10];
        for (int i = 0; i < 5; i++) {
            ten[i] = five[i];
            ten[i + 5] = five[i].mirror();
        }
        return List.of(ten);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImagePreprocessing p && p.resize == resize && p.crop == crop
                && Arrays.equals(p.mean, mean) && Arrays.equals(p.std, std);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * resize + crop) + Arrays.hashCode(mean)) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "ImagePreprocessing[resize=" + resize + ", crop=" + crop + ", mean=" + Arrays.toString(mean)
                + ", std=" + Arrays.toString(std) + "]";
    }
}
