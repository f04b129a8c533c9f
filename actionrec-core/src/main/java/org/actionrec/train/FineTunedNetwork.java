package org.actionrec.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import java.util.List;

/**
 * A trained network whose backbone was fine-tuned ({@code finetune}): its backbone's descriptors, of images and of
 * their mirrors, and its two fully connected layers, read as arrays (what NB-TL prunes) or pruned in place.
 */
public final class FineTunedNetwork {
    private final TrainedNetwork network;
    private final List<Block> layers;

    public FineTunedNetwork(TrainedNetwork network) {
        if (!network.spec().network().pretrainedBackbone()
                || !(network.model().getBlock() instanceof SequentialBlock net)) {
            throw new IllegalStateException("only a finetune model has a backbone and a two-layer head, not "
                    + network.spec().name());
        }
        this.network = network;
        this.layers = net.getChildren().values();
    }

    /** The trained network this reads. */
    public TrainedNetwork network() {
        return network;
    }

    /** The backbone's descriptor of each (one-frame) sample, before the new head. */
    public float[][] backboneDescriptors(List<SequenceSample> samples) {
        ai.djl.training.ParameterStore store = new ai.djl.training.ParameterStore(network.model().getNDManager(), false);
        return SequenceTrainer.forward(network.model(), samples, list -> {
            NDList x = list;
            for (Block layer : layers.subList(0, SequenceModels.FINETUNE_BACKBONE + 1)) {
                x = layer.forward(store, x, false);
            }
            return x;
        });
    }

    /** The weights of its two fully connected layers, as plain arrays (what NB-TL prunes). */
    public TwoLayerHead finetuneHead() {
        float[][] w1 = matrix(layers.get(SequenceModels.FINETUNE_HIDDEN), "weight");
        float[] b1 = layers.get(SequenceModels.FINETUNE_HIDDEN).getParameters().get("bias").getArray().toFloatArray();
        float[][] w2 = matrix(layers.get(SequenceModels.FINETUNE_CLASSIFIER), "weight");
        float[] b2 = layers.get(SequenceModels.FINETUNE_CLASSIFIER).getParameters().get("bias").getArray()
                .toFloatArray();
        return new TwoLayerHead(w1, b1, w2, b2);
    }

    /**
     * Zeroes the outgoing weights of the given inputs of the hidden layer (W1 columns) and of the
     * given hidden neurons (W2 columns), in place, as negative back-dropout drops them; the network then
     * scores as the pruned {@link TwoLayerHead} does, and gradients through it see the pruned head.
     */
    public void dropNeurons(int[] inputs, int[] hidden) {
        zeroColumns(layers.get(SequenceModels.FINETUNE_HIDDEN).getParameters().get("weight").getArray(), inputs);
        zeroColumns(layers.get(SequenceModels.FINETUNE_CLASSIFIER).getParameters().get("weight").getArray(), hidden);
    }

    private static void zeroColumns(NDArray w, int[] columns) {
        int cols = Math.toIntExact(w.getShape().get(1));
        for (int c : columns) {
            if (c < 0 || c >= cols) {
                throw new IllegalArgumentException("neuron " + c + " is not one of the layer's " + cols);
            }
            w.set(new ai.djl.ndarray.index.NDIndex(":, {}", c), 0f);
        }
    }

    private static float[][] matrix(Block linear, String name) {
        NDArray w = linear.getParameters().get(name).getArray();
        int rows = Math.toIntExact(w.getShape().get(0));
        int cols = Math.toIntExact(w.getShape().get(1));
        float[] flat = w.toFloatArray();
        float[][] out = new float[rows][cols];
        for (int r = 0; r < rows; r++) System.arraycopy(flat, r * cols, out[r], 0, cols);
        return out;
    }

    /** {@link #backboneDescriptors} of the samples' mirror images. */
    public float[][] mirroredBackboneDescriptors(List<SequenceSample> samples) {
        return network.ofMirrored(samples, this::backboneDescriptors);
    }
}
