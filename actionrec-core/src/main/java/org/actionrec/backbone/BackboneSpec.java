package org.actionrec.backbone;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a backbone expects and gives: the preprocessing its weights were trained with (resize the shorter side
 * to {@code resizeSize}, centre-crop {@code inputSize}, RGB in 0..1 normalised by {@code mean}/{@code std}) and
 * the descriptor it returns ({@code descriptorSize} floats taken at {@code descriptorLayer}).
 *
 * @param name            the registry name, e.g. {@code resnet50}
 * @param inputSize       side of the square input, e.g. 224
 * @param resizeSize      shorter side before the centre crop, e.g. 256
 * @param mean            per-channel mean (R, G, B) subtracted from values in 0..1
 * @param std             per-channel standard deviation (R, G, B)
 * @param descriptorSize  floats per image the exported feature file gives
 * @param descriptorLayer where the descriptor is taken, for people reading reports (e.g. "fc7", "global avgpool")
 * @param fileStem        file name without extension that the model directory is searched for,
 *                        e.g. {@code resnet50_features} (then {@code .onnx} or {@code .pt})
 */
public record BackboneSpec(String name, int inputSize, int resizeSize, float[] mean, float[] std,
                           int descriptorSize, String descriptorLayer, String fileStem) {

    /** ImageNet statistics used by torchvision's pretrained weights. */
    public static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
    public static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

    public BackboneSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(descriptorLayer, "descriptorLayer");
        Objects.requireNonNull(fileStem, "fileStem");
        if (inputSize <= 0 || resizeSize < inputSize) {
            throw new IllegalArgumentException("need 0 < inputSize <= resizeSize, got " + inputSize + " / " + resizeSize);
        }
        if (mean == null || mean.length != 3 || std == null || std.length != 3) {
            throw new IllegalArgumentException("mean and std need 3 values (R, G, B)");
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("std values must be positive: " + Arrays.toString(std));
            }
        }
        if (descriptorSize <= 0) {
            throw new IllegalArgumentException("descriptorSize must be positive: " + descriptorSize);
        }
        // Arrays are copied in and out so a spec cannot be changed after it is made.
        mean = mean.clone();
        std = std.clone();
    }

    /** A spec with ImageNet preprocessing (resize 256, crop 224, ImageNet mean/std) and file stem {@code <name>_features}. */
    public static BackboneSpec imagenet(String name, int descriptorSize, String descriptorLayer) {
        return new BackboneSpec(name, 224, 256, IMAGENET_MEAN, IMAGENET_STD, descriptorSize, descriptorLayer,
                name + "_features");
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    /** Floats in one normalised CHW image: 3 x inputSize x inputSize. */
    /** The image preprocessing this backbone expects (resize shorter side, centre crop, normalisation). */
    public org.actionrec.transform.ImagePreprocessing preprocessing() {
        return new org.actionrec.transform.ImagePreprocessing(resizeSize, inputSize, mean(), std());
    }

    public int floatsPerImage() {
        return 3 * inputSize * inputSize;
    }

    /** The file names searched for in a model directory, preferred first (ONNX Runtime is the faster engine). */
    public List<String> expectedFileNames() {
        return List.of(fileStem + BackboneEngine.ONNX_RUNTIME.extension(), fileStem + BackboneEngine.PYTORCH.extension());
    }

    /**
     * The file names of this backbone's conv-map companion, preferred first: the same network up to its last
     * convolution, whose maps averaged over positions are the descriptor (what explanations decompose).
     */
    public List<String> convMapFileNames() {
        return List.of(name + "_convmap" + BackboneEngine.ONNX_RUNTIME.extension(),
                name + "_convmap" + BackboneEngine.PYTORCH.extension());
    }

    /** A copy of this spec with another descriptor size (e.g. for a file that gives logits instead of features). */
    public BackboneSpec withDescriptorSize(int size, String layer) {
        return new BackboneSpec(name, inputSize, resizeSize, mean, std, size, layer, fileStem);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BackboneSpec s && name.equals(s.name) && inputSize == s.inputSize
                && resizeSize == s.resizeSize && Arrays.equals(mean, s.mean) && Arrays.equals(std, s.std)
                && descriptorSize == s.descriptorSize && descriptorLayer.equals(s.descriptorLayer)
                && fileStem.equals(s.fileStem);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, inputSize, resizeSize, Arrays.hashCode(mean), Arrays.hashCode(std), descriptorSize,
                descriptorLayer, fileStem);
    }

    @Override
    public String toString() {
        return "BackboneSpec[name=" + name + ", input=" + inputSize + ", resize=" + resizeSize + ", mean="
                + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + ", descriptor=" + descriptorSize + " ("
                + descriptorLayer + "), file=" + fileStem + "{.onnx,.pt}]";
    }
}
