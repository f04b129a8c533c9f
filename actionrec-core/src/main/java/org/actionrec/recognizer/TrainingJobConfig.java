package org.actionrec.recognizer;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.actionrec.dataset.DatasetOptions;
import org.actionrec.model.TrainableKind;
import org.actionrec.model.registry.ModelKinds;
import org.actionrec.train.SequenceModels.ModelSpec;
import org.actionrec.train.TrainingConfig;

/**
 * A training job's settings, made with {@link #builder()}: {@code set…} for what is required, {@code opt…}
 * for what has a default.
 */
public final class TrainingJobConfig {
    private final Path data;
    private final Path out;
    private final Path store;
    private final String model;
    private final ModelSpec spec;
    private final TrainingConfig training;
    private final int workers;
    private final List<Integer> splits;
    private final double validationFraction;
    private final double nbtlRatio;
    private final List<String> fuseScoresWith;
    private final int ensemble;
    private final boolean refit;
    private final boolean embedBackbone;
    private final DatasetOptions dataset;

    private TrainingJobConfig(Builder b) {
        this.data = Objects.requireNonNull(b.data, "data");
        this.out = Objects.requireNonNull(b.out, "out");
        this.store = Objects.requireNonNull(b.store, "store");
        this.model = Objects.requireNonNull(b.model, "model");
        this.spec = Objects.requireNonNull(b.spec, "spec");
        this.training = Objects.requireNonNull(b.training, "training");
        this.workers = b.workers;
        this.splits = List.copyOf(b.splits);
        this.validationFraction = b.validationFraction;
        this.nbtlRatio = b.nbtlRatio;
        this.fuseScoresWith = List.copyOf(b.fuseScoresWith);
        this.ensemble = b.ensemble;
        this.refit = b.refit;
        this.embedBackbone = b.embedBackbone;
        this.dataset = Objects.requireNonNull(b.dataset, "dataset");
        if (ensemble < 1) throw new IllegalArgumentException("ensemble needs at least 1 model, got " + ensemble);
        TrainableKind kind = ModelKinds.trainable(model);
        if (refit) kind.refitRefusal().ifPresent(why -> {
            throw new IllegalArgumentException(why);
        });
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The data: a folder, a manifest or an MMAction2 list. */
    public Path data() {
        return data;
    }

    public Path out() {
        return out;
    }

    /** The feature store's folder. */
    public Path store() {
        return store;
    }

    /** The kind's id ({@link ModelKinds}). */
    public String model() {
        return model;
    }

    public ModelSpec spec() {
        return spec;
    }

    public TrainingConfig training() {
        return training;
    }

    /** Threads that decode and make images while inputs are extracted. */
    public int workers() {
        return workers;
    }

    /** 1-based split numbers. */
    public List<Integer> splits() {
        return splits;
    }

    /** Share of the training side carved off (group-safe) for validation. */
    public double validationFraction() {
        return validationFraction;
    }

    /** Share of each of the two last layers' neurons NB-TL may drop. */
    public double nbtlRatio() {
        return nbtlRatio;
    }

    /** Frozen streams whose SVM scores are fused with the model's (paper 000's averaging); empty for none. */
    public List<String> fuseScoresWith() {
        return fuseScoresWith;
    }

    /** Models trained per split, with seeds seed, seed + 1, ...; their class scores averaged (1: one model). */
    public int ensemble() {
        return ensemble;
    }

    /**
     * Whether, once validation has chosen the best epoch count E, the model is trained again on training and
     * validation clips for E epochs and that one tested (as the frozen SVMs are retrained on both once C is
     * chosen); fusion weights are still chosen on the validation scores of the model trained without them.
     */
    public boolean refit() {
        return refit;
    }

    /** Whether each split's model file also holds the backbone file. */
    public boolean embedBackbone() {
        return embedBackbone;
    }

    /** How to read the data and split it where it brings no splits. */
    public DatasetOptions dataset() {
        return dataset;
    }

    /** Builds a {@link TrainingJobConfig}; data, out, store, the recipe (model, spec, training) and splits are required. */
    public static final class Builder {
        private Path data;
        private Path out;
        private Path store;
        private String model;
        private ModelSpec spec;
        private TrainingConfig training;
        private int workers = 1;
        private List<Integer> splits = List.of();
        private double validationFraction = 0.2;
        private double nbtlRatio = 0.1;
        private List<String> fuseScoresWith = List.of();
        private int ensemble = 1;
        private boolean refit;
        private boolean embedBackbone;
        private DatasetOptions dataset = DatasetOptions.DEFAULTS;

        private Builder() {
        }

        public Builder setData(Path data) {
            this.data = data;
            return this;
        }

        public Builder setOut(Path out) {
            this.out = out;
            return this;
        }

        public Builder setStore(Path store) {
            this.store = store;
            return this;
        }

        /** The model's kind, spec and training settings. */
        public Builder setRecipe(String model, ModelSpec spec, TrainingConfig training) {
            this.model = model;
            this.spec = spec;
            this.training = training;
            return this;
        }

        public Builder setSplits(List<Integer> splits) {
            this.splits = splits;
            return this;
        }

        public Builder optWorkers(int workers) {
            this.workers = workers;
            return this;
        }

        public Builder optValidationFraction(double fraction) {
            this.validationFraction = fraction;
            return this;
        }

        public Builder optNbtlRatio(double ratio) {
            this.nbtlRatio = ratio;
            return this;
        }

        public Builder optFuseScoresWith(List<String> streams) {
            this.fuseScoresWith = streams;
            return this;
        }

        public Builder optEnsemble(int models) {
            this.ensemble = models;
            return this;
        }

        public Builder optRefit(boolean refit) {
            this.refit = refit;
            return this;
        }

        public Builder optEmbedBackbone(boolean embed) {
            this.embedBackbone = embed;
            return this;
        }

        public Builder optDataset(DatasetOptions options) {
            this.dataset = options;
            return this;
        }

        public TrainingJobConfig build() {
            return new TrainingJobConfig(this);
        }
    }
}
