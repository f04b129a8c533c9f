package org.actionrec.train;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.actionrec.ProgressListener;
import org.actionrec.eval.Evaluation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a {@link SequenceModels} classifier on per-frame descriptor sequences with DJL's PyTorch engine,
 * checkpointing into one folder and resuming from it.
 *
 * <p>The folder holds {@code best-NNNN.params} and {@code last-NNNN.params} (DJL {@code Model.save}),
 * {@code optimizer-NNNN.state}, {@code state.json} (written last: the point a later run resumes from) and
 * {@code curve.csv} / {@code curve.png}. A resumed run gives the same parameters as an unbroken one because
 * everything random in an epoch (data order, dropout masks) is drawn from a seed made of (seed, epoch), the
 * learning rate is a function of the epoch, and the optimizer state is saved with the weights.
 *
 * <p>All clips must have the same number of frames and descriptor size. Uses the CPU.
 *
 * <p>Longer than most classes here (about 550 lines) on purpose: the epoch loop, the fine-tuning warm-up, the
 * optimiser's state and the checkpoints make one exact-resume contract, and each part must keep it.
 */
public final class SequenceTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(SequenceTrainer.class);
    private static final String ENGINE = "PyTorch";
    private static final String STATE = "state.json";
    private static final String BEST = "best";
    private static final String LAST = "last";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The resume point, saved as {@code state.json}. */
    record CheckpointState(SequenceModels.ModelSpec spec, List<String> classNames, TrainingConfig config,
                           int frames, int dimension, int epochsDone, int bestEpoch, double bestValidationAccuracy,
                           boolean stoppedEarly, List<TrainingCurve.Epoch> curve) {
    }

    /** Which saved parameters to load. */
    public enum Checkpoint { BEST, LAST }

    private final SequenceModels.ModelSpec spec;
    private final TrainingConfig config;
    private final List<String> classNames;

    public SequenceTrainer(SequenceModels.ModelSpec spec, TrainingConfig config, List<String> classNames) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.config = Objects.requireNonNull(config, "config");
        this.classNames = List.copyOf(classNames);
        if (this.classNames.size() < 2) throw new IllegalArgumentException("need at least 2 classes");
    }

    /**
     * Trains up to {@code config.epochs()}, resuming from {@code directory} when it holds a checkpoint of the
     * same model and settings (the epoch count may differ). The validation clips must not share groups
     * (actors, source videos) with the training clips; the caller chooses them. With patience 0 they may be
     * empty: the configured epochs are trained and the last is also the best checkpoint (a model refitted on
     * the whole training side for an epoch count chosen earlier on validation).
     *
     * @throws IllegalStateException when the folder holds a checkpoint of another model or other settings
     */
    public TrainingResult train(List<SequenceSample> training, List<SequenceSample> validation, Path directory,
                                ProgressListener progress) throws IOException {
        if (training.isEmpty()) throw new IllegalArgumentException("no training clips");
        if (validation.isEmpty() && config.patience() > 0) {
            throw new IllegalArgumentException("no validation clips: early stopping needs them (patience 0 trains "
                    + "the configured epochs without)");
        }
        int frames = training.get(0).length();
        int dimension = training.get(0).dimension();
        checkShapes(training, frames, dimension);
        checkShapes(validation, frames, dimension);
        Files.createDirectories(directory);

        CheckpointState state = readState(directory);
        if (state != null) {
            checkCompatible(state, frames, dimension, directory);
        }
        int resumedAfter = state == null ? 0 : state.epochsDone();
        Engine engine = Engine.getEngine(ENGINE);
        Batches batches = new Batches(frames, dimension);
        try (SequenceModels.Built built = SequenceModels.build(spec, classNames.size(), config.dropout());
             Model model = Model.newInstance("seq-" + spec.name(), ENGINE)) {
            Block block = built.block();
            model.setBlock(block);
            if (state != null && resumedAfter > 0) {
                try {
                    model.load(directory, LAST, Map.of("epoch", String.valueOf(resumedAfter)));
                } catch (MalformedModelException e) {
                    throw new IOException("cannot read checkpoint in " + directory + ": " + e.getMessage(), e);
                }
                built.afterLoad();
            }
            built.trainBackbone();
            Map<String, String> idToName = new HashMap<>();
            for (Pair<String, Parameter> p : block.getParameters()) {
                idToName.put(p.getValue().getId(), p.getKey());
            }
            Map<String, Float> rateFactors = new HashMap<>();
            if (built.backbone() != null) {
                for (Pair<String, Parameter> p : built.backbone().getParameters()) {
                    rateFactors.put(idToName.get(p.getValue().getId()), spec.backboneRateFactor());
                }
            }
            ResumableOptimizer optimizer = new ResumableOptimizer(config, model.getNDManager(), idToName,
                    rateFactors);
            if (state != null && resumedAfter > 0) {
                optimizer.load(directory.resolve(optimizerFile(resumedAfter)));
            }
            DefaultTrainingConfig trainingConfig = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(optimizer).optDevices(new Device[] {Device.cpu()});
            try (Trainer trainer = model.newTrainer(trainingConfig)) {
                engine.setRandomSeed((int) config.seed()); // initialisation; a resumed block is already set
                trainer.initialize(new Shape(Math.min(config.batchSize(), training.size()), frames, dimension));
                if (state == null) {
                    List<TrainingCurve.Epoch> start = List.of();
                    if (built.backbone() != null && spec.headWarmupEpochs() > 0) {
                        start = List.of(warmUpHead(trainer, model, engine, batches, training, validation,
                                progress));
                    }
                    state = new CheckpointState(spec, classNames, config, frames, dimension, 0, 0, -1, false,
                            start);
                }
                state = runEpochs(trainer, model, optimizer, engine, batches, training, validation, directory,
                        state, progress);
            }
        }
        Evaluation evaluation = evaluateBest(directory, validation);
        return new TrainingResult(new TrainingCurve(state.curve()), state.bestEpoch(), state.bestValidationAccuracy(),
                resumedAfter, state.stoppedEarly(), evaluation, directory);
    }

    private CheckpointState runEpochs(Trainer trainer, Model model, ResumableOptimizer optimizer, Engine engine,
                                      Batches batches, List<SequenceSample> training,
                                      List<SequenceSample> validation, Path directory, CheckpointState state,
                                      ProgressListener progress) throws IOException {
        int perEpoch = (training.size() + config.batchSize() - 1) / config.batchSize();
        long total = (long) perEpoch * config.epochs();
        for (int epoch = state.epochsDone(); epoch < config.epochs() && !state.stoppedEarly(); epoch++) {
            long started = System.nanoTime();
            float rate = config.learningRateAt(epoch);
            optimizer.setLearningRate(rate);
            engine.setRandomSeed(epochSeed(config.seed(), epoch, 1)); // dropout masks of this epoch
            int[] order = order(training.size(), epochSeed(config.seed(), epoch, 2));
            int done = epoch;
            PassTotals pass = trainPass(trainer, model, batches, training, order, trainer::forward,
                    model.getBlock().getParameters().values(), optimizer,
                    b -> progress.progress((long) done * perEpoch + b + 1, total, "epoch " + (done + 1)));
            double validationAccuracy = validation.isEmpty() ? Double.NaN
                    : accuracy(scores(trainer, batches, validation), validation);
            TrainingCurve.Epoch row = new TrainingCurve.Epoch(epoch + 1, rate, pass.lossSum() / training.size(),
                    (double) pass.right() / training.size(), validationAccuracy, (System.nanoTime() - started) / 1e9);
            List<TrainingCurve.Epoch> curve = new ArrayList<>(state.curve());
            curve.add(row);
            // without validation clips every epoch counts as best: the last one is the model
            boolean better = validation.isEmpty() || validationAccuracy > state.bestValidationAccuracy();
            int bestEpoch = better ? epoch + 1 : state.bestEpoch();
            double best = better ? validationAccuracy : state.bestValidationAccuracy();
            boolean stop = config.patience() > 0 && epoch + 1 - bestEpoch >= config.patience()
                    && epoch + 1 < config.epochs();
            state = new CheckpointState(spec, classNames, config, state.frames(), state.dimension(), epoch + 1,
                    bestEpoch, best, stop, curve);
            saveCheckpoint(model, optimizer, directory, state, better);
            LOG.info("{} epoch {}/{}: lr {} loss {} train acc {} val acc {}{}", spec.name(), epoch + 1,
                    config.epochs(), rate, String.format("%.4f", row.trainLoss()),
                    String.format("%.3f", row.trainAccuracy()), String.format("%.3f", validationAccuracy),
                    stop ? " (early stop)" : "");
        }
        return state;
    }

    /** Adam at 1e-3 for the head warm-up: the usual rate for a head on fixed descriptors. */
    private static final float WARMUP_RATE = 1e-3f;

    /**
     * Trains the new head alone on descriptors of the frozen (inference-mode) backbone, computed once, for
     * {@code spec.headWarmupEpochs()} epochs of Adam: "linear probing, then fine-tuning", so that fine-tuning
     * starts from a head that already uses the pretrained features. Runs only at a fresh start, before the
     * first checkpoint, seeded like the epochs: a resumed run loads its result. Returns it as epoch 0 of the curve.
     */
    private TrainingCurve.Epoch warmUpHead(Trainer trainer, Model model, Engine engine, Batches batches,
                                           List<SequenceSample> training, List<SequenceSample> validation,
                                           ProgressListener progress) {
        long started = System.nanoTime();
        List<Block> layers = ((SequentialBlock) model.getBlock()).getChildren().values();
        List<Block> backbonePart = layers.subList(0, SequenceModels.FINETUNE_BACKBONE + 1);
        List<Block> head = layers.subList(SequenceModels.FINETUNE_BACKBONE + 1, layers.size());
        ai.djl.training.ParameterStore store = new ai.djl.training.ParameterStore(model.getNDManager(), false);
        java.util.function.Function<NDList, NDList> describe = x -> {
            for (Block layer : backbonePart) x = layer.forward(store, x, false);
            return x;
        };
        List<SequenceSample> trainDescriptors = asDescriptors(training,
                batches.scores(describe, model.getNDManager(), training, config.batchSize()));
        List<SequenceSample> valDescriptors = validation.isEmpty() ? List.of() : asDescriptors(validation,
                batches.scores(describe, model.getNDManager(), validation, config.batchSize()));
        int width = trainDescriptors.get(0).dimension();
        Batches small = new Batches(1, width);

        List<Parameter> headParameters = new ArrayList<>();
        Map<String, String> idToName = new HashMap<>();
        for (Block layer : head) {
            for (Pair<String, Parameter> p : layer.getParameters()) {
                headParameters.add(p.getValue());
                idToName.put(p.getValue().getId(), p.getKey() + "#" + headParameters.size());
            }
        }
        ResumableOptimizer adam = new ResumableOptimizer(config.withOptimizer(TrainingConfig.OptimizerKind.ADAM,
                WARMUP_RATE), model.getNDManager(), idToName, Map.of());
        int epochs = spec.headWarmupEpochs();
        PassTotals pass = new PassTotals(0, 0);
        for (int epoch = 0; epoch < epochs; epoch++) {
            engine.setRandomSeed(epochSeed(config.seed(), -1 - epoch, 1));
            int[] order = order(trainDescriptors.size(), epochSeed(config.seed(), -1 - epoch, 2));
            pass = trainPass(trainer, model, small, trainDescriptors, order, x -> headForward(head, store, x, width,
                    true), headParameters, adam, b -> { });
            progress.progress(epoch + 1, epochs, "head warm-up " + (epoch + 1) + "/" + epochs);
        }
        double validationAccuracy = valDescriptors.isEmpty() ? Double.NaN : accuracy(small.scores(x -> headForward(
                head, store, x, width, false), model.getNDManager(), valDescriptors, config.batchSize()),
                valDescriptors);
        LOG.info("{} head warm-up, {} epochs on frozen-backbone descriptors: loss {} val acc {}", spec.name(),
                epochs, String.format("%.4f", pass.lossSum() / trainDescriptors.size()),
                String.format("%.3f", validationAccuracy));
        return new TrainingCurve.Epoch(0, WARMUP_RATE, pass.lossSum() / trainDescriptors.size(),
                (double) pass.right() / trainDescriptors.size(), validationAccuracy,
                (System.nanoTime() - started) / 1e9);
    }

    /** The head layers on [N, 1, width] descriptors (as {@link Batches} lays them out), flattened to [N, width]. */
    private static NDList headForward(List<Block> head, ai.djl.training.ParameterStore store, NDList x, int width,
                                      boolean training) {
        NDList h = new NDList(x.singletonOrThrow().reshape(-1, width));
        for (Block layer : head) h = layer.forward(store, h, training);
        return h;
    }

    /** Summed mini-batch loss (times batch size) and right answers of one pass. */
    private record PassTotals(double lossSum, long right) {
    }

    /**
     * One pass of mini-batch updates over {@code samples} in {@code order}: per batch, gradients cleared,
     * forward (dropout on), loss, backward, then {@code parameters} updated; {@code afterBatch} gets its index.
     */
    private PassTotals trainPass(Trainer trainer, Model model, Batches batches, List<SequenceSample> samples,
                                 int[] order, java.util.function.Function<NDList, NDList> forward,
                                 Iterable<Parameter> parameters, ResumableOptimizer optimizer,
                                 java.util.function.IntConsumer afterBatch) {
        int perPass = (samples.size() + config.batchSize() - 1) / config.batchSize();
        double lossSum = 0;
        long right = 0;
        for (int b = 0; b < perPass; b++) {
            int from = b * config.batchSize();
            int to = Math.min(samples.size(), from + config.batchSize());
            try (NDManager scope = model.getNDManager().newSubManager()) {
                List<SequenceSample> batch = new ArrayList<>(to - from);
                for (int i = from; i < to; i++) batch.add(samples.get(order[i]));
                NDArray x = batches.inputs(scope, batch);
                NDArray y = batches.labels(scope, batch);
                zeroGradients(model.getBlock());
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDList predictions = forward.apply(new NDList(x));
                    NDArray loss = trainer.getLoss().evaluate(new NDList(y), predictions);
                    collector.backward(loss);
                    lossSum += loss.getFloat() * batch.size();
                    right += countRight(predictions.singletonOrThrow(), batch);
                }
                step(parameters, optimizer);
            }
            afterBatch.accept(b);
        }
        return new PassTotals(lossSum, right);
    }

    private static List<SequenceSample> asDescriptors(List<SequenceSample> samples, float[][] descriptors) {
        List<SequenceSample> out = new ArrayList<>(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            out.add(new SequenceSample(samples.get(i).clipId(), new float[][] {descriptors[i]},
                    samples.get(i).label()));
        }
        return out;
    }

    /**
     * Updates the given trainable parameters. Not DJL's {@code Trainer.step()}: that only updates the
     * parameters its parameter store handed out during the forward pass, and a TorchScript backbone uses its
     * own weights directly, so a fine-tuned backbone would silently never change.
     */
    private static void step(Iterable<Parameter> parameters, ResumableOptimizer optimizer) {
        for (Parameter parameter : parameters) {
            NDArray array = parameter.getArray();
            if (parameter.requiresGradient() && array.hasGradient()) {
                try (NDArray grad = array.getGradient()) {
                    optimizer.update(parameter.getId(), array, grad);
                }
            }
        }
    }


    /**
     * PyTorch adds each backward pass to the stored gradients, and neither DJL's collector nor its parameter
     * server clears them (the optimizer only sees a copy): without this every step would also re-apply all
     * earlier gradients, and a resumed run, starting from zero, would drift from an unbroken one.
     */
    private static void zeroGradients(Block block) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray array = p.getValue().getArray();
            if (array.hasGradient()) {
                try (NDArray grad = array.getGradient()) {
                    grad.subi(grad);
                }
            }
        }
    }

    private void saveCheckpoint(Model model, ResumableOptimizer optimizer, Path directory, CheckpointState state,
                                boolean better) throws IOException {
        int epoch = state.epochsDone();
        model.setProperty("Epoch", String.valueOf(epoch));
        model.save(directory, LAST);
        if (better) {
            model.save(directory, BEST);
        }
        optimizer.save(directory.resolve(optimizerFile(epoch)));
        writeState(directory, state);
        // only now is the new epoch the resume point: older files can go
        deleteOthers(directory, LAST + "-", ".params", String.format("%s-%04d.params", LAST, epoch));
        deleteOthers(directory, BEST + "-", ".params", String.format("%s-%04d.params", BEST, state.bestEpoch()));
        deleteOthers(directory, "optimizer-", ".state", optimizerFile(epoch));
        TrainingCurve curve = new TrainingCurve(state.curve());
        curve.writeCsv(directory.resolve("curve.csv"));
        curve.writePng(directory.resolve("curve.png"), spec.name() + " training");
    }

    /** Class scores [clips][classes] of the given parameters. */
    public static float[][] scores(Model model, List<SequenceSample> samples) {
        ai.djl.training.ParameterStore store = new ai.djl.training.ParameterStore(model.getNDManager(), false);
        return forward(model, samples, list -> model.getBlock().forward(store, list, false));
    }

    static float[][] forward(Model model, List<SequenceSample> samples,
                                     java.util.function.Function<NDList, NDList> forward) {
        if (samples.isEmpty()) return new float[0][];
        Batches batches = new Batches(samples.get(0).length(), samples.get(0).dimension());
        checkShapes(samples, batches.frames, batches.dimension);
        return batches.scores(forward, model.getNDManager(), samples, 16);
    }

    /**
     * Opens the {@code best} or {@code last} parameters of a training folder; close the model when done.
     */
    public static TrainedNetwork load(Path directory, Checkpoint which) throws IOException {
        CheckpointState state = readState(directory);
        if (state == null) throw new IOException("no " + STATE + " in " + directory);
        SequenceModels.Built built = SequenceModels.forCheckpoint(state.spec(), state.classNames().size(),
                state.config().dropout());
        Model model = Model.newInstance("seq-" + state.spec().name(), ENGINE);
        try {
            model.setBlock(built.block());
            int epoch = which == Checkpoint.BEST ? state.bestEpoch() : state.epochsDone();
            model.load(directory, which == Checkpoint.BEST ? BEST : LAST, Map.of("epoch", String.valueOf(epoch)));
            built.afterLoad();
            return new TrainedNetwork(model, built, state.spec(), state.classNames(), epoch);
        } catch (IOException | RuntimeException | MalformedModelException e) {
            model.close();
            built.close();
            if (e instanceof IOException io) throw io;
            if (e instanceof RuntimeException re) throw re;
            throw new IOException("cannot read checkpoint in " + directory + ": " + e.getMessage(), e);
        }
    }

    private Evaluation evaluateBest(Path directory, List<SequenceSample> validation) throws IOException {
        if (validation.isEmpty()) return null;
        try (TrainedNetwork best = load(directory, Checkpoint.BEST)) {
            float[][] s = best.scores(validation);
            int[] truth = validation.stream().mapToInt(SequenceSample::label).toArray();
            List<String> ids = validation.stream().map(SequenceSample::clipId).toList();
            return Evaluation.of(s, truth, classNames, ids);
        }
    }

    private float[][] scores(Trainer trainer, Batches batches, List<SequenceSample> samples) {
        return batches.scores(trainer::evaluate, trainer.getManager(), samples, config.batchSize());
    }

    private void checkCompatible(CheckpointState state, int frames, int dimension, Path directory) {
        boolean same = state.spec().equals(spec) && state.classNames().equals(classNames)
                && state.config().withEpochs(1).equals(config.withEpochs(1)) && state.frames() == frames
                && state.dimension() == dimension;
        if (!same) {
            throw new IllegalStateException("checkpoint in " + directory + " is of another model or other settings ("
                    + state.spec() + ", " + state.config() + ", " + state.frames() + "x" + state.dimension()
                    + "); use a new folder");
        }
    }

    private static void checkShapes(List<SequenceSample> samples, int frames, int dimension) {
        for (SequenceSample s : samples) {
            if (s.length() != frames || s.dimension() != dimension) {
                throw new IllegalArgumentException("clip " + s.clipId() + " is " + s.length() + "x" + s.dimension()
                        + ", expected " + frames + "x" + dimension + " like the first training clip");
            }
        }
    }

    private long countRight(NDArray predictions, List<SequenceSample> batch) {
        long[] predicted = predictions.argMax(1).toLongArray();
        long right = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] == batch.get(i).label()) right++;
        }
        return right;
    }

    private static double accuracy(float[][] scores, List<SequenceSample> samples) {
        long right = 0;
        for (int i = 0; i < scores.length; i++) {
            int arg = 0;
            for (int c = 1; c < scores[i].length; c++) {
                if (scores[i][c] > scores[i][arg]) arg = c;
            }
            if (arg == samples.get(i).label()) right++;
        }
        return (double) right / scores.length;
    }

    /** A seed that depends only on the run's seed, the epoch and what it is for. */
    static int epochSeed(long seed, int epoch, int purpose) {
        long z = seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L + purpose * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 31)) * 0xBF58476D1CE4E5B9L;
        return (int) (z ^ (z >>> 32));
    }

    /** The epoch's clip order: a Fisher-Yates shuffle, a pure function of its seed. */
    static int[] order(int n, int seed) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        return idx;
    }

    private static String optimizerFile(int epoch) {
        return String.format("optimizer-%04d.state", epoch);
    }

    private static void deleteOthers(Path directory, String prefix, String suffix, String keep) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, prefix + "*" + suffix)) {
            for (Path f : files) {
                if (!f.getFileName().toString().equals(keep)) Files.deleteIfExists(f);
            }
        }
    }

    static CheckpointState readState(Path directory) throws IOException {
        Path file = directory.resolve(STATE);
        return Files.exists(file) ? JSON.readValue(file.toFile(), CheckpointState.class) : null;
    }

    private static void writeState(Path directory, CheckpointState state) throws IOException {
        Path tmp = directory.resolve(STATE + ".tmp");
        JSON.writeValue(tmp.toFile(), state);
        Files.move(tmp, directory.resolve(STATE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Fills one reused direct buffer per batch size, since a fresh one per batch is freed only at GC. */
    private static final class Batches {
        private final int frames;
        private final int dimension;
        private final Map<Integer, ByteBuffer> inputs = new HashMap<>();
        private final Map<Integer, ByteBuffer> labels = new HashMap<>();

        Batches(int frames, int dimension) {
            this.frames = frames;
            this.dimension = dimension;
        }

        NDArray inputs(NDManager manager, List<SequenceSample> batch) {
            ByteBuffer bytes = inputs.computeIfAbsent(batch.size(), n ->
                    ByteBuffer.allocateDirect(n * frames * dimension * Float.BYTES).order(ByteOrder.nativeOrder()));
            FloatBuffer floats = bytes.asFloatBuffer();
            for (SequenceSample s : batch) {
                for (float[] frame : s.frames()) floats.put(frame);
            }
            bytes.rewind();
            return manager.create(bytes, new Shape(batch.size(), frames, dimension), DataType.FLOAT32);
        }

        NDArray labels(NDManager manager, List<SequenceSample> batch) {
            ByteBuffer bytes = labels.computeIfAbsent(batch.size(), n ->
                    ByteBuffer.allocateDirect(n * Float.BYTES).order(ByteOrder.nativeOrder()));
            FloatBuffer floats = bytes.asFloatBuffer();
            for (SequenceSample s : batch) floats.put(s.label());
            bytes.rewind();
            return manager.create(bytes, new Shape(batch.size()), DataType.FLOAT32);
        }

        float[][] scores(java.util.function.Function<NDList, NDList> forward, NDManager parent,
                         List<SequenceSample> samples, int batchSize) {
            float[][] out = new float[samples.size()][];
            for (int from = 0; from < samples.size(); from += batchSize) {
                int to = Math.min(samples.size(), from + batchSize);
                try (NDManager scope = parent.newSubManager()) {
                    NDArray x = inputs(scope, samples.subList(from, to));
                    float[] flat = forward.apply(new NDList(x)).singletonOrThrow().toFloatArray();
                    // the tensor reads the buffer in place: keep it alive until the forward pass is done
                    java.lang.ref.Reference.reachabilityFence(this);
                    int classes = flat.length / (to - from); // per sample: classes or descriptor width
                    for (int i = from; i < to; i++) {
                        out[i] = java.util.Arrays.copyOfRange(flat, (i - from) * classes, (i - from + 1) * classes);
                    }
                }
            }
            return out;
        }
    }
}
