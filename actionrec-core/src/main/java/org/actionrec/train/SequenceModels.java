package org.actionrec.train;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.nn.recurrent.LSTM;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The trainable models, all taking a clip as [N, T, D] (T frames, D floats per frame) and giving class scores
 * [N, C]:
 * <ul>
 *   <li>{@code lrcn}: an LSTM over T frame descriptors (papers 001 and 004), its last or mean hidden state,
 *       dropout, a linear layer to the classes.</li>
 *   <li>{@code late-fusion}: one linear + ReLU shared by all frames, frame features averaged or concatenated,
 *       dropout, a linear layer (paper 004).</li>
 *   <li>{@code temporal-conv}: each frame is a conv feature map C×g×g; the maps are stacked in time, go through
 *       one 3D convolution, a max pool, and three fully connected layers with dropout (paper 003's VGG-3D).</li>
 *   <li>{@code c3d-small}: each frame is a small RGB image 3×s×s; two 3D convolutions (64 filters 5×5, 128
 *       filters 3×3, spatial stride 2, as in paper 001), two max pools, two fully connected layers of
 *       {@code hiddenSize} (2048) and the classifier, trained from scratch.</li>
 *   <li>{@code finetune}: one frame (T = 1) of 3×224×224 through a TorchScript backbone that is trained too,
 *       then dropout, a fully connected layer of {@code hiddenSize} with ReLU, dropout and the classifier: the
 *       last two fully connected layers are the ones negative back-dropout (paper 002) prunes.</li>
 * </ul>
 *
 * <p>Longer than most classes here: the five networks are defined side by side so that their shapes and the DJL
 * workarounds they share can be read together.
 */
public final class SequenceModels {
    public static final String LRCN = "lrcn";
    public static final String LATE_FUSION = "late-fusion";
    public static final String TEMPORAL_CONV = "temporal-conv";
    public static final String C3D_SMALL = "c3d-small";
    public static final String FINETUNE = "finetune";
    public static final List<String> NAMES = List.of(LRCN, LATE_FUSION, TEMPORAL_CONV, C3D_SMALL, FINETUNE);

    /** Filters of temporal-conv's 3D convolution: 64 keeps an epoch on two CPU cores under a minute. */
    static final int TEMPORAL_FILTERS = 64;

    /** How per-frame outputs become one clip vector: LAST / MEAN for lrcn, MEAN / CONCAT for late fusion. */
    public enum Pooling { LAST, MEAN, CONCAT }

    /**
     * The networks by name, each with what it accepts of a {@link ModelSpec}: the trainer's architectures, as the
     * kinds of {@code org.actionrec.model} name them.
     */
    public enum Network {
        LRCN_NET(LRCN, EnumSet.of(Pooling.LAST, Pooling.MEAN), true, false, false),
        LATE_FUSION_NET(LATE_FUSION, EnumSet.of(Pooling.MEAN, Pooling.CONCAT), false, false, false),
        // pooling does not apply to the three below: whatever a spec says is ignored, as before
        TEMPORAL_CONV_NET(TEMPORAL_CONV, EnumSet.allOf(Pooling.class), false, true, false),
        C3D_SMALL_NET(C3D_SMALL, EnumSet.allOf(Pooling.class), false, true, false),
        FINETUNE_NET(FINETUNE, EnumSet.allOf(Pooling.class), false, true, true);

        private final String id;
        private final Set<Pooling> poolings;
        private final boolean bidirectional;
        private final boolean mapsFrames;
        private final boolean pretrainedBackbone;

        Network(String id, Set<Pooling> poolings, boolean bidirectional, boolean mapsFrames,
                boolean pretrainedBackbone) {
            this.id = id;
            this.poolings = poolings;
            this.bidirectional = bidirectional;
            this.mapsFrames = mapsFrames;
            this.pretrainedBackbone = pretrainedBackbone;
        }

        public String id() {
            return id;
        }

        /** The network named {@code name} (case-insensitive). */
        public static Network of(String name) {
            for (Network n : values()) {
                if (n.id.equalsIgnoreCase(name)) return n;
            }
            throw new IllegalArgumentException("unknown model '" + name + "', known: " + NAMES);
        }

        /** Whether it trains a pretrained TorchScript backbone (and so has its two-layer head NB-TL prunes). */
        public boolean pretrainedBackbone() {
            return pretrainedBackbone;
        }
    }

    /**
     * @param name one of {@link #NAMES}
     * @param hiddenSize LSTM state size, width of late fusion's shared layer, or width of the fully connected
     *                   layers of temporal-conv, c3d-small and finetune
     * @param bidirectional lrcn only: run the LSTM both ways and join the two directions
     * @param pooling see {@link Pooling}; MEAN where it does not apply
     * @param channels channels of each frame's map (temporal-conv: the backbone's, c3d-small and finetune: 3);
     *                 0 for the descriptor models
     * @param backboneFile finetune only: the TorchScript backbone it starts from
     * @param backboneRateFactor finetune only: the backbone's learning rate relative to the head's
     * @param headWarmupEpochs finetune only: epochs of the new head alone on the frozen backbone's descriptors
     *                         before backbone and head train together (0: none)
     * @param mirror finetune only: flip each training frame left-right with probability 1/2, and score a clip
     *               as the mean over its frames and their mirror images
     */
    public record ModelSpec(String name, int hiddenSize, boolean bidirectional, Pooling pooling, int channels,
                            String backboneFile, float backboneRateFactor, int headWarmupEpochs, boolean mirror) {
        public ModelSpec {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(pooling, "pooling");
            name = name.toLowerCase(Locale.ROOT);
            Network net = Network.of(name);
            if (hiddenSize < 1) throw new IllegalArgumentException("hiddenSize must be >= 1, got " + hiddenSize);
            if (!net.poolings.contains(pooling)) {
                throw new IllegalArgumentException(name + " pools " + net.poolings.stream().map(Enum::name)
                        .collect(java.util.stream.Collectors.joining(" or ")) + ", not " + pooling);
            }
            if (bidirectional && !net.bidirectional) {
                throw new IllegalArgumentException("bidirectional applies to lrcn only");
            }
            if (net.mapsFrames && channels < 1) {
                throw new IllegalArgumentException(name + " needs the channel count of its frame maps");
            }
            if (net.pretrainedBackbone && (backboneFile == null || backboneFile.isBlank())) {
                throw new IllegalArgumentException("finetune needs a TorchScript backbone file");
            }
            if (!(backboneRateFactor > 0f && backboneRateFactor <= 1f)) {
                throw new IllegalArgumentException("backboneRateFactor must be in (0, 1], got " + backboneRateFactor);
            }
            if (headWarmupEpochs < 0 || (headWarmupEpochs > 0 && !net.pretrainedBackbone)) {
                throw new IllegalArgumentException("headWarmupEpochs must be >= 0, and applies to finetune only");
            }
            if (mirror && !net.pretrainedBackbone) {
                throw new IllegalArgumentException("mirror applies to finetune only");
            }
        }

        /** The network this spec builds. */
        public Network network() {
            return Network.of(name);
        }

        /**
         * The defaults of each model: lrcn 256 states, last state; late fusion 256 units, mean; temporal-conv
         * 512-unit layers over 1280-channel maps (MobileNetV2); c3d-small 2048-unit layers (paper 001).
         * finetune needs {@link #forFinetuning}.
         */
        public static ModelSpec of(String name) {
            Network net = Network.of(name);
            return switch (net) {
                case LRCN_NET -> new ModelSpec(net.id, 256, false, Pooling.LAST, 0, null, 1f, 0, false);
                case LATE_FUSION_NET -> new ModelSpec(net.id, 256, false, Pooling.MEAN, 0, null, 1f, 0, false);
                case TEMPORAL_CONV_NET -> new ModelSpec(net.id, 512, false, Pooling.MEAN, 1280, null, 1f, 0, false);
                case C3D_SMALL_NET -> new ModelSpec(net.id, 2048, false, Pooling.MEAN, 3, null, 1f, 0, false);
                case FINETUNE_NET -> throw new IllegalArgumentException("finetune needs its backbone: use forFinetuning");
            };
        }

        /**
         * finetune from a TorchScript backbone: a 512-unit hidden layer, backbone rate 1/10 of the head's (paper
         * 002), and first {@value #FINETUNE_HEAD_WARMUP} epochs of the new head alone on the frozen backbone's
         * descriptors: a head starting from random weights would otherwise spend the few affordable epochs
         * (and the backbone's pretrained features) on its own start.
         */
        public static ModelSpec forFinetuning(Path torchScript) {
            return new ModelSpec(FINETUNE, 512, false, Pooling.MEAN, 3, torchScript.toAbsolutePath().toString(), 0.1f,
                    FINETUNE_HEAD_WARMUP, false);
        }

        public static final int FINETUNE_HEAD_WARMUP = 20;

        public ModelSpec withHiddenSize(int size) {
            return new ModelSpec(name, size, bidirectional, pooling, channels, backboneFile, backboneRateFactor,
                    headWarmupEpochs, mirror);
        }

        public ModelSpec withBidirectional(boolean both) {
            return new ModelSpec(name, hiddenSize, both, pooling, channels, backboneFile, backboneRateFactor,
                    headWarmupEpochs, mirror);
        }

        public ModelSpec withPooling(Pooling how) {
            return new ModelSpec(name, hiddenSize, bidirectional, how, channels, backboneFile, backboneRateFactor,
                    headWarmupEpochs, mirror);
        }

        public ModelSpec withChannels(int mapChannels) {
            return new ModelSpec(name, hiddenSize, bidirectional, pooling, mapChannels, backboneFile,
                    backboneRateFactor, headWarmupEpochs, mirror);
        }

        public ModelSpec withBackboneRateFactor(float factor) {
            return new ModelSpec(name, hiddenSize, bidirectional, pooling, channels, backboneFile, factor,
                    headWarmupEpochs, mirror);
        }

        /** finetune: epochs of the new head alone on frozen-backbone descriptors before fine-tuning (0: none). */
        public ModelSpec withHeadWarmupEpochs(int epochs) {
            return new ModelSpec(name, hiddenSize, bidirectional, pooling, channels, backboneFile, backboneRateFactor,
                    epochs, mirror);
        }

        /** finetune: whether training frames are mirrored at random and clips scored with their mirror images. */
        public ModelSpec withMirror(boolean on) {
            return new ModelSpec(name, hiddenSize, bidirectional, pooling, channels, backboneFile, backboneRateFactor,
                    headWarmupEpochs, on);
        }

        /** Whether the order of frames can matter to this model (lrcn, temporal-conv, c3d-small, concat fusion). */
        public boolean seesFrameOrder() {
            Network net = network();
            return net == Network.LRCN_NET || net == Network.TEMPORAL_CONV_NET || net == Network.C3D_SMALL_NET
                    || (net == Network.LATE_FUSION_NET && pooling == Pooling.CONCAT);
        }
    }

    /**
     * A built model: its block, the part of it that is a pretrained backbone (null if none) and what must stay
     * open while the block is used (the TorchScript module's own model).
     */
    public record Built(Block block, Block backbone, AutoCloseable owner) implements AutoCloseable {
        /**
         * Call after loading a checkpoint into the block. DJL 0.35.1's TorchScript block caches its parameter
         * list when the file is first loaded and keeps it when a checkpoint swaps the module under it: the
         * optimizer would then update the old module's weights while the forward pass uses the new ones, and
         * the backbone would silently stop training. Dropping the cache makes it read the new module.
         */
        public void afterLoad() {
            if (backbone == null) return;
            try {
                java.lang.reflect.Field cache = backbone.getClass().getDeclaredField("parameters");
                cache.setAccessible(true);
                cache.set(backbone, null);
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalStateException("cannot refresh the TorchScript backbone's parameters after a "
                        + "checkpoint load (DJL version changed?): " + e.getMessage(), e);
            }
        }

        /** Lets the backbone's weights train (DJL loads TorchScript frozen unless asked). */
        public void trainBackbone() {
            if (backbone != null) {
                backbone.freezeParameters(false);
            }
        }

        @Override
        public void close() {
            if (owner != null) {
                try {
                    owner.close();
                } catch (Exception e) {
                    throw new IllegalStateException("cannot free the backbone: " + e.getMessage(), e);
                }
            }
        }
    }

    private SequenceModels() {
    }

    /** A fresh block for {@code classes} classes; finetune loads its backbone file. Close the result when done. */
    public static Built build(ModelSpec spec, int classes, float dropout) throws IOException {
        if (classes < 2) throw new IllegalArgumentException("need at least 2 classes, got " + classes);
        return switch (spec.network()) {
            case LRCN_NET -> new Built(lrcn(spec, classes, dropout), null, null);
            case LATE_FUSION_NET -> new Built(lateFusion(spec, classes, dropout), null, null);
            case TEMPORAL_CONV_NET -> new Built(temporalConv(spec, classes, dropout), null, null);
            case C3D_SMALL_NET -> new Built(c3dSmall(spec, classes, dropout), null, null);
            case FINETUNE_NET -> finetune(spec, classes, dropout, false);
        };
    }

    /**
     * A block to load a checkpoint into. As {@link #build}, except that finetune does not read its backbone file:
     * a checkpoint holds the whole fine-tuned TorchScript module (DJL writes the module itself as the block's
     * parameters), so a model file opens on a machine that never had the file it started from.
     */
    public static Built forCheckpoint(ModelSpec spec, int classes, float dropout) throws IOException {
        if (!spec.network().pretrainedBackbone()) return build(spec, classes, dropout);
        if (classes < 2) throw new IllegalArgumentException("need at least 2 classes, got " + classes);
        return finetune(spec, classes, dropout, true);
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

    /** [N, T, C·s·s] → [N, C, T, s, s], the layout of a 3D convolution over time and space. */
    private static Block framesAsVolume(int channels) {
        return new LambdaBlock(list -> {
            NDArray x = list.get(0);
            Shape shape = x.getShape();
            long n = shape.get(0);
            long t = shape.get(1);
            long side = squareSide(shape.get(2), channels);
            return new NDList(x.reshape(n, t, channels, side, side).transpose(0, 2, 1, 3, 4));
        }, "frames-as-volume");
    }

    static long squareSide(long floatsPerFrame, int channels) {
        long area = floatsPerFrame / channels;
        long side = Math.round(Math.sqrt(area));
        if (area * channels != floatsPerFrame || side * side != area) {
            throw new IllegalArgumentException("a frame of " + floatsPerFrame + " floats is not " + channels
                    + " square maps");
        }
        return side;
    }

    private static Block temporalConv(ModelSpec spec, int classes, float dropout) {
        SequentialBlock net = new SequentialBlock();
        net.add(framesAsVolume(spec.channels()));
        net.add(Conv3d.builder().setKernelShape(new Shape(3, 3, 3)).optPadding(new Shape(1, 1, 1))
                .setFilters(TEMPORAL_FILTERS).build());
        net.add(Activation.reluBlock());
        // halve time, pool space whole: [N, F, T/2, 1, 1]
        net.add(new LambdaBlock(list -> {
            NDArray x = list.get(0);
            Shape s = x.getShape();
            return new NDList(Pool.maxPool3d(x, new Shape(2, s.get(3), s.get(4)), new Shape(2, s.get(3), s.get(4)),
                    new Shape(0, 0, 0), true));
        }, "pool"));
        net.add(Blocks.batchFlattenBlock());
        net.add(Linear.builder().setUnits(spec.hiddenSize()).build());
        net.add(Activation.reluBlock());
        net.add(Dropout.builder().optRate(dropout).build());
        net.add(Linear.builder().setUnits(spec.hiddenSize() / 2).build());
        net.add(Activation.reluBlock());
        net.add(Dropout.builder().optRate(dropout).build());
        net.add(Linear.builder().setUnits(classes).build());
        return net;
    }

    private static Block c3dSmall(ModelSpec spec, int classes, float dropout) {
        SequentialBlock net = new SequentialBlock();
        net.add(framesAsVolume(spec.channels()));
        net.add(Conv3d.builder().setKernelShape(new Shape(3, 5, 5)).optStride(new Shape(1, 2, 2))
                .optPadding(new Shape(1, 2, 2)).setFilters(64).build());
        net.add(Activation.reluBlock());
        net.add(Pool.maxPool3dBlock(new Shape(2, 2, 2), new Shape(2, 2, 2), new Shape(0, 0, 0), true));
        net.add(Conv3d.builder().setKernelShape(new Shape(3, 3, 3)).optStride(new Shape(1, 2, 2))
                .optPadding(new Shape(1, 1, 1)).setFilters(128).build());
        net.add(Activation.reluBlock());
        net.add(Pool.maxPool3dBlock(new Shape(2, 2, 2), new Shape(2, 2, 2), new Shape(0, 0, 0), true));
        net.add(Blocks.batchFlattenBlock());
        net.add(Linear.builder().setUnits(spec.hiddenSize()).build());
        net.add(Activation.reluBlock());
        net.add(Dropout.builder().optRate(dropout).build());
        net.add(Linear.builder().setUnits(spec.hiddenSize()).build());
        net.add(Activation.reluBlock());
        net.add(Dropout.builder().optRate(dropout).build());
        net.add(Linear.builder().setUnits(classes).build());
        return net;
    }

    /** Indices in the finetune block of the backbone and of the two fully connected layers. */
    static final int FINETUNE_BACKBONE = 1;
    static final int FINETUNE_HIDDEN = 3;
    static final int FINETUNE_CLASSIFIER = 6;

    private static Built finetune(ModelSpec spec, int classes, float dropout, boolean fromCheckpoint)
            throws IOException {
        Model module = Model.newInstance("finetune-backbone", "PyTorch");
        Block backbone;
        if (fromCheckpoint) {
            backbone = new ai.djl.pytorch.engine.PtSymbolBlock((ai.djl.pytorch.engine.PtNDManager) module.getNDManager());
        } else {
            Path file = Path.of(spec.backboneFile());
            if (!Files.isRegularFile(file)) {
                module.close();
                throw new IOException("finetune backbone file not found: " + file);
            }
            try {
                module.load(file, null, Map.of("trainParam", "true"));
            } catch (MalformedModelException | IOException | RuntimeException e) {
                module.close();
                throw new IOException("cannot load TorchScript backbone " + file + ": " + e.getMessage(), e);
            }
            backbone = module.getBlock();
        }
        SequentialBlock net = new SequentialBlock();
        net.add(new FrameAsImageBlock(spec.channels(), spec.mirror()));
        net.add(new InferenceModeBlock(backbone));
        net.add(Dropout.builder().optRate(dropout).build());
        net.add(Linear.builder().setUnits(spec.hiddenSize()).build());
        net.add(Activation.reluBlock());
        net.add(Dropout.builder().optRate(dropout).build());
        net.add(Linear.builder().setUnits(classes).build());
        return new Built(net, backbone, module);
    }
}
