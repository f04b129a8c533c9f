package org.actionrec.train;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import java.util.List;

/**
 * A trained model read back from its folder; close it when done.
 *
 * @param epoch the (1-based) epoch whose parameters these are
 */
public record TrainedNetwork(Model model, SequenceModels.Built built, SequenceModels.ModelSpec spec,
                      List<String> classNames, int epoch) implements AutoCloseable {
    /**
     * Class scores [samples][classes]; for a model trained with mirroring, the mean of the scores of each
     * sample and of its mirror image.
     */
    public float[][] scores(List<SequenceSample> samples) {
        float[][] plain = SequenceTrainer.scores(model, samples);
        if (!spec.mirror()) return plain;
        return meanInto(plain, ofMirrored(samples, chunk -> SequenceTrainer.scores(model, chunk)));
    }

    /** {@code plain} made the element-wise mean of itself and {@code mirrored}: scores of the same samples. */
    private static float[][] meanInto(float[][] plain, float[][] mirrored) {
        for (int i = 0; i < plain.length; i++) {
            for (int c = 0; c < plain[i].length; c++) plain[i][c] = (plain[i][c] + mirrored[i][c]) / 2;
        }
        return plain;
    }

    /** What {@code f} gives for the mirrored samples, mirrored a chunk at a time: a copy of all would double
     * the pixels held. */
    float[][] ofMirrored(List<SequenceSample> samples,
                                 java.util.function.Function<List<SequenceSample>, float[][]> f) {
        float[][] out = new float[samples.size()][];
        int chunk = 64;
        for (int from = 0; from < samples.size(); from += chunk) {
            List<SequenceSample> part = samples.subList(from, Math.min(samples.size(), from + chunk)).stream()
                    .map(s -> FrameAsImageBlock.mirrored(s, spec.channels())).toList();
            float[][] got = f.apply(part);
            System.arraycopy(got, 0, out, from, got.length);
        }
        return out;
    }

    /**
     * What the block computes just before its classifier layer, [samples][width]: the clip descriptor a
     * second classifier can be trained on (paper 003's fusion).
     */
    public float[][] penultimate(List<SequenceSample> samples) {
        if (!(model.getBlock() instanceof SequentialBlock net)) {
            throw new IllegalStateException(spec.name() + " is not a sequential block");
        }
        List<Block> layers = net.getChildren().values();
        ai.djl.training.ParameterStore store = new ai.djl.training.ParameterStore(model.getNDManager(), false);
        return SequenceTrainer.forward(model, samples, list -> {
            NDList x = list;
            for (Block layer : layers.subList(0, layers.size() - 1)) {
                x = layer.forward(store, x, false);
            }
            return x;
        });
    }

    @Override
    public void close() {
        model.close();
        built.close();
    }
}
