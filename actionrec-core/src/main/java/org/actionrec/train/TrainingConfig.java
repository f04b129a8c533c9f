package org.actionrec.train;

import ai.djl.training.tracker.Tracker;
import java.util.Objects;

/**
 * How a sequence model is trained. The learning-rate schedule is applied per epoch, so the rate of an epoch
 * depends only on the epoch index (a resumed run uses the same rates as an unbroken one).
 *
 * @param epochs epochs in all (a resumed run continues up to this count)
 * @param batchSize clips per mini-batch
 * @param optimizer ADAM or SGD (with {@code momentum})
 * @param learningRate base learning rate
 * @param momentum SGD momentum (ignored by Adam)
 * @param weightDecay L2 penalty added to the gradient
 * @param schedule learning-rate schedule over epochs
 * @param dropout dropout rate before the classifier layer
 * @param patience stop after this many epochs without a better validation accuracy; 0 never stops early
 * @param seed seeds initialisation, data order and dropout
 */
public record TrainingConfig(int epochs, int batchSize, OptimizerKind optimizer, float learningRate, float momentum,
                             float weightDecay, LrSchedule schedule, float dropout, int patience, long seed) {

    public enum OptimizerKind { ADAM, SGD }

    /** Learning-rate schedule; {@code every} and {@code factor} are used by the kinds that need them. */
    public record LrSchedule(Kind kind, int every, float factor) {
        public enum Kind { NONE, STEP, EXPONENTIAL }

        public LrSchedule {
            Objects.requireNonNull(kind, "kind");
            if (kind == Kind.STEP && every < 1) {
                throw new IllegalArgumentException("step schedule needs every >= 1, got " + every);
            }
            if (kind != Kind.NONE && !(factor > 0f && factor <= 1f)) {
                throw new IllegalArgumentException("schedule factor must be in (0, 1], got " + factor);
            }
        }

        public static LrSchedule none() {
            return new LrSchedule(Kind.NONE, 1, 1f);
        }

        /** Multiply the rate by {@code factor} every {@code every} epochs. */
        public static LrSchedule step(int every, float factor) {
            return new LrSchedule(Kind.STEP, every, factor);
        }

        /** Multiply the rate by {@code factor} every epoch. */
        public static LrSchedule exponential(float factor) {
            return new LrSchedule(Kind.EXPONENTIAL, 1, factor);
        }

        /** How many times the factor has been applied by the (0-based) epoch. */
        int decays(int epoch) {
            return switch (kind) {
                case NONE -> 0;
                case STEP -> epoch / every;
                case EXPONENTIAL -> epoch;
            };
        }
    }

    public TrainingConfig {
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(schedule, "schedule");
        if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        if (batchSize < 1) throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        if (!(learningRate > 0f)) throw new IllegalArgumentException("learningRate must be > 0, got " + learningRate);
        if (momentum < 0f || momentum >= 1f) throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        if (weightDecay < 0f) throw new IllegalArgumentException("weightDecay must be >= 0, got " + weightDecay);
        if (dropout < 0f || dropout >= 1f) throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        if (patience < 0) throw new IllegalArgumentException("patience must be >= 0, got " + patience);
    }

    /** Adam at 1e-3, batch 16, 30 epochs, dropout 0.5, patience 10: a usual start for heads on frozen descriptors. */
    public static TrainingConfig defaults() {
        return new TrainingConfig(30, 16, OptimizerKind.ADAM, 1e-3f, 0.9f, 1e-4f, LrSchedule.none(), 0.5f, 10, 42L);
    }

    public TrainingConfig withEpochs(int newEpochs) {
        return new TrainingConfig(newEpochs, batchSize, optimizer, learningRate, momentum, weightDecay, schedule,
                dropout, patience, seed);
    }

    public TrainingConfig withOptimizer(OptimizerKind kind, float rate) {
        return new TrainingConfig(epochs, batchSize, kind, rate, momentum, weightDecay, schedule, dropout, patience,
                seed);
    }

    public TrainingConfig withSchedule(LrSchedule newSchedule) {
        return new TrainingConfig(epochs, batchSize, optimizer, learningRate, momentum, weightDecay, newSchedule,
                dropout, patience, seed);
    }

    public TrainingConfig withDropout(float rate) {
        return new TrainingConfig(epochs, batchSize, optimizer, learningRate, momentum, weightDecay, schedule, rate,
                patience, seed);
    }

    public TrainingConfig withPatience(int epochsWithoutGain) {
        return new TrainingConfig(epochs, batchSize, optimizer, learningRate, momentum, weightDecay, schedule, dropout,
                epochsWithoutGain, seed);
    }

    public TrainingConfig withSeed(long newSeed) {
        return new TrainingConfig(epochs, batchSize, optimizer, learningRate, momentum, weightDecay, schedule, dropout,
                patience, newSeed);
    }

    public TrainingConfig withBatchSize(int size) {
        return new TrainingConfig(epochs, size, optimizer, learningRate, momentum, weightDecay, schedule, dropout,
                patience, seed);
    }

    /** The schedule as a DJL tracker, counted in decays (see {@link #learningRateAt}), not in updates. */
    public Tracker tracker() {
        if (schedule.kind() == LrSchedule.Kind.NONE || schedule.factor() == 1f) {
            return Tracker.fixed(learningRate);
        }
        return Tracker.factor().setBaseValue(learningRate).setFactor(schedule.factor()).build();
    }

    /** The rate used throughout the (0-based) epoch. */
    public float learningRateAt(int epoch) {
        return tracker().getNewValue(schedule.decays(epoch));
    }

    /** Adam with batches of 16, weight decay 1e-4, dropout 0.5, seed 42: the trained models' usual start. */
    public static TrainingConfig adam(int epochs, float rate, int patience) {
        return new TrainingConfig(epochs, 16, OptimizerKind.ADAM, rate, 0.9f, 1e-4f, LrSchedule.none(), 0.5f,
                patience, 42L);
    }
}
