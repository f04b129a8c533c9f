package org.actionrec.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.recurrent.LSTM;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Classifiers over a clip's sequence of per-frame descriptors, input [N, T, D], output class scores [N, C].
 * <ul>
 *   <li>{@code lrcn}: an LSTM over the T descriptors (papers 001 and 004), its last or mean hidden state,
 *       dropout, a linear layer to the classes.</li>
 *   <li>{@code late-fusion}: one linear + ReLU shared by all frames, frame features averaged or concatenated,
 *       dropout, a linear layer (paper 004).</li>
 * </ul>
 */
public final class SequenceModels {
    public static final String LRCN = "lrcn";
    public static final String LATE_FUSION = "late-fusion";
    public static final List<String> NAMES = List.of(LRCN, LATE_FUSION);

    /** How per-frame outputs become one clip vector: LAST / MEAN for lrcn, MEAN / CONCAT for late fusion. */
    public enum Pooling { LAST, MEAN, CONCAT }

    /**
     * @param name {@link #LRCN} or {@link #LATE_FUSION}
     * @param hiddenSize LSTM state size, or the width of the shared per-frame layer
     * @param bidirectional lrcn only: run the LSTM both ways and join the two directions
     * @param pooling see {@link Pooling}
     */
    public record ModelSpec(String name, int hiddenSize, boolean bidirectional, Pooling pooling) {
        public ModelSpec {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(pooling, "pooling");
            name = name.toLowerCase(Locale.ROOT);
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException("unknown sequence model '" + name + "', known: " + NAMES);
            }
            if (hiddenSize < 1) throw new IllegalArgumentException("hiddenSize must be >= 1, got " + hiddenSize);
            if (name.equals(LRCN) && pooling == Pooling.CONCAT) {
                throw new IllegalArgumentException("lrcn pools LAST or MEAN, not CONCAT");
            }
            if (name.equals(LATE_FUSION) && pooling == Pooling.LAST) {
                throw new IllegalArgumentException("late-fusion pools MEAN or CONCAT, not LAST");
            }
            if (name.equals(LATE_FUSION) && bidirectional) {
                throw new IllegalArgumentException("bidirectional applies to lrcn only");
            }
        }

        /** Hidden size 256, unidirectional, last state for lrcn, mean for late fusion. */
        public static ModelSpec of(String name) {
            String key = name.toLowerCase(Locale.ROOT);
            return new ModelSpec(key, 256, false, key.equals(LRCN) ? Pooling.LAST : Pooling.MEAN);
        }

        public ModelSpec withHiddenSize(int size) {
            return new ModelSpec(name, size, bidirectional, pooling);
        }

        public ModelSpec withBidirectional(boolean both) {
            return new ModelSpec(name, hiddenSize, both, pooling);
        }

        public ModelSpec withPooling(Pooling how) {
            return new ModelSpec(name, hiddenSize, bidirectional, how);
        }
    }

    private SequenceModels() {
    }

    /** A fresh, uninitialised block for {@code classes} classes. */
    public static Block build(ModelSpec spec, int classes, float dropout) {
        if (classes < 2) throw new IllegalArgumentException("need at least 2 classes, got " + classes);
        return spec.name().equals(LRCN) ? lrcn(spec, classes, dropout) : lateFusion(spec, classes, dropout);
    }

    private static Block lrcn(ModelSpec spec, int classes, float dropout) {
        SequentialBlock net = new SequentialBlock();
        if (spec.bidirectional()) {
            // two one-way LSTMs, the second on the reversed clip: DJL 0.35.1's bidirectional LSTM corrupts
            // native memory in its backward pass on this libtorch (a JVM crash in the tests)
            net.add(new ParallelBlock(list -> new NDList(NDArrays.concat(
                    new NDList(list.get(0).singletonOrThrow(), list.get(1).singletonOrThrow()), 1)),
                    List.of(direction(spec, false), direction(spec, true))));
        } else {
            net.add(direction(spec, false));
        }
        net.add(Dropout.builder().optRate(dropout).build());
        net.add(Linear.builder().setUnits(classes).build());
        return net;
    }

    /** One LSTM over the clip, forward or reversed, pooled to [N, H]. */
    private static Block direction(ModelSpec spec, boolean reversed) {
        SequentialBlock path = new SequentialBlock();
        if (reversed) {
            // get(0): DJL's LSTM appends its zero states to the input list it was given, which the other
            // branch of the parallel block shares
            path.add(new LambdaBlock(list -> new NDList(list.get(0).flip(1)), "reverse"));
        }
        path.add(LSTM.builder().setStateSize(spec.hiddenSize()).setNumLayers(1).optBatchFirst(true).build());
        // LAST: the state after the whole clip (for the reversed path, after reading it backwards); the LSTM
        // also hands on its final states, which are not needed here
        path.add(new LambdaBlock(list -> {
            NDArray out = list.get(0); // [N, T, H]
            return new NDList(spec.pooling() == Pooling.MEAN ? out.mean(new int[] {1})
                    : out.get(new NDIndex(":, -1, :")));
        }, "pool"));
        return path;
    }

    private static Block lateFusion(ModelSpec spec, int classes, float dropout) {
        SequentialBlock net = new SequentialBlock();
        net.add(Linear.builder().setUnits(spec.hiddenSize()).build()); // shared by the frames: [N, T, H]
        net.add(Activation.reluBlock());
        net.add(new LambdaBlock(list -> {
            NDArray frames = list.get(0);
            if (spec.pooling() == Pooling.MEAN) {
                return new NDList(frames.mean(new int[] {1}));
            }
            long n = frames.getShape().get(0);
            return new NDList(frames.reshape(n, -1));
        }, "pool"));
        net.add(Dropout.builder().optRate(dropout).build());
        net.add(Linear.builder().setUnits(classes).build());
        return net;
    }
}
