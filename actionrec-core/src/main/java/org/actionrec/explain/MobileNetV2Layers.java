package org.actionrec.explain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MobileNetV2's feature network written out layer by layer as DJL operations on the named weights of a TorchScript
 * module (batch norm folded into the convolutions, as in {@code mobilenet_v2_features.pt} and any module
 * fine-tuned from it). A TorchScript module run by an engine shows only its output, the pooled descriptor;
 * Grad-CAM through a fine-tuned backbone needs the maps of its last convolution, and the mean activation maps
 * need its first, so this computes the same network with those maps in hand. The layout (which convolutions
 * are depthwise, where the stride is 2, which blocks add their input) is torchvision's; the weights decide the
 * rest, and callers check that the spatial mean of the last map equals the module's own output.
 */
final class MobileNetV2Layers {
    /** Blocks of torchvision's MobileNetV2 whose depthwise convolution has stride 2 (block 0, the stem, too). */
    private static final Set<Integer> STRIDE_TWO = Set.of(0, 2, 4, 7, 14);
    private static final Pattern NAME = Pattern.compile("features\\.(\\d+)\\.(.+)\\.(weight|bias)");
    private static final int BLOCKS = 19;

    private record Conv(NDArray weight, NDArray bias, int stride, int groups, boolean activated) {
    }

    /**
     * The activation after each convolution but the bottlenecks: torchvision's float model uses ReLU6, its
     * quantisable one (where {@code mobilenet_v2_features.pt}'s weights come from) plain ReLU. The weights do not
     * tell which; the caller keeps the one that reproduces the module's output.
     */
    enum Activation { RELU, RELU6 }

    private record Stage(List<Conv> convs, boolean residual) {
    }

    private final List<Stage> stages;
    private final Activation activation;

    private MobileNetV2Layers(List<Stage> stages, Activation activation) {
        this.stages = stages;
        this.activation = activation;
    }

    Activation activation() {
        return activation;
    }

    /** Channels of the last convolution (the descriptor's size). */
    int channels() {
        List<Conv> last = stages.get(stages.size() - 1).convs();
        return Math.toIntExact(last.get(last.size() - 1).weight().getShape().get(0));
    }

    /**
     * The network of a TorchScript block's weights, copied into {@code manager} (so that gradients flow however
     * the module's own tensors were loaded), or empty where they are not a folded MobileNetV2's (other names, a
     * convolution without its bias, batch-norm weights).
     */
    static Optional<MobileNetV2Layers> of(Block torchScript, Activation activation, NDManager manager) {
        Map<Integer, TreeMap<String, NDArray[]>> byBlock = new TreeMap<>();
        for (Pair<String, Parameter> p : torchScript.getParameters()) {
            Matcher m = NAME.matcher(p.getKey());
            if (!m.matches()) return Optional.empty();
            NDArray[] pair = byBlock.computeIfAbsent(Integer.parseInt(m.group(1)), b -> new TreeMap<>())
                    .computeIfAbsent(m.group(2), c -> new NDArray[2]);
            NDArray array = p.getValue().getArray();
            pair[m.group(3).equals("weight") ? 0 : 1] = manager.create(array.toFloatArray(), array.getShape());
        }
        if (byBlock.size() != BLOCKS || !byBlock.containsKey(0) || !byBlock.containsKey(BLOCKS - 1)) {
            return Optional.empty();
        }
        List<Stage> stages = new ArrayList<>();
        for (var block : byBlock.entrySet()) {
            int index = block.getKey();
            List<NDArray[]> convs = new ArrayList<>(block.getValue().values());
            List<Conv> out = new ArrayList<>();
            for (int i = 0; i < convs.size(); i++) {
                NDArray w = convs.get(i)[0];
                NDArray b = convs.get(i)[1];
                if (w == null || b == null || w.getShape().dimension() != 4) return Optional.empty();
                boolean depthwise = w.getShape().get(1) == 1 && w.getShape().get(2) == 3;
                boolean stem = index == 0;
                int stride = STRIDE_TWO.contains(index) && (depthwise || stem) ? 2 : 1;
                // every convolution is activated but a block's last, its linear bottleneck; the stem and the
                // final 1x1 convolution are single activated convolutions
                boolean activated = convs.size() == 1 || i < convs.size() - 1;
                out.add(new Conv(w, b, stride, depthwise ? Math.toIntExact(w.getShape().get(0)) : 1, activated));
            }
            long in = out.get(0).weight().getShape().get(1) * out.get(0).groups();
            long outChannels = out.get(out.size() - 1).weight().getShape().get(0);
            boolean strided = out.stream().anyMatch(c -> c.stride() == 2);
            stages.add(new Stage(out, convs.size() > 1 && !strided && in == outChannels));
        }
        return Optional.of(new MobileNetV2Layers(stages, activation));
    }

    /**
     * @param first the first convolution's output (activated), [N, 32, 112, 112] for a 224 input
     * @param last  the last convolution's output, [N, 1280, 7, 7]: its spatial mean is the descriptor
     */
    record Maps(NDArray first, NDArray last) {
    }

    /** Runs the network on normalised images [N, 3, S, S]; autograd records it where a collector is open. */
    Maps forward(NDArray images) {
        NDArray x = images;
        NDArray first = null;
        for (Stage stage : stages) {
            NDArray in = x;
            for (Conv c : stage.convs()) {
                int pad = Math.toIntExact(c.weight().getShape().get(2) / 2);
                x = Conv2d.conv2d(x, c.weight(), c.bias(), new Shape(c.stride(), c.stride()), new Shape(pad, pad),
                        new Shape(1, 1), c.groups()).singletonOrThrow();
                if (c.activated()) x = activation == Activation.RELU ? x.maximum(0f) : x.clip(0f, 6f);
            }
            if (stage.residual()) x = x.add(in);
            if (first == null) first = x;
        }
        return new Maps(first, x);
    }
}
