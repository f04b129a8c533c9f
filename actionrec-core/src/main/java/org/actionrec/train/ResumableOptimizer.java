package org.actionrec.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.optimizer.Optimizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Adam or SGD with momentum whose state (moments, step count) can be saved and loaded. DJL's own optimizers
 * keep that state private and keyed by random parameter ids, so a resumed run would restart Adam's moments;
 * this one keys the saved state by the stable parameter names of the block.
 *
 * <p>The learning rate is set per epoch by the trainer ({@link #setLearningRate}). Updates run outside any
 * gradient collector, where in-place changes of the weights are allowed.
 */
final class ResumableOptimizer extends Optimizer {
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    private final TrainingConfig.OptimizerKind kind;
    private final float momentum;
    private final float weightDecay;
    private final NDManager manager;
    /** Parameter id (random per block instance) → stable parameter name. */
    private final Map<String, String> names;
    private final Map<String, NDArray> first = new HashMap<>();
    private final Map<String, NDArray> second = new HashMap<>();
    private final Map<String, Integer> steps = new HashMap<>();
    /** Learning-rate factor by parameter name (e.g. a pretrained backbone trained slower than its new head). */
    private final Map<String, Float> rateFactors;
    private float learningRate;

    ResumableOptimizer(TrainingConfig config, NDManager manager, Map<String, String> idToName,
                       Map<String, Float> rateFactors) {
        super(new NoOptions());
        this.kind = config.optimizer();
        this.momentum = config.momentum();
        this.weightDecay = config.weightDecay();
        this.manager = manager;
        this.names = Map.copyOf(idToName);
        this.rateFactors = Map.copyOf(rateFactors);
        this.learningRate = config.learningRate();
    }

    void setLearningRate(float rate) {
        this.learningRate = rate;
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        String name = names.getOrDefault(parameterId, parameterId);
        // the scope frees every temporary of this update; kept state is unregistered from it in replace()
        try (NDScope scope = new NDScope()) {
            apply(name, weight, grad);
        }
    }

    private void apply(String name, NDArray weight, NDArray grad) {
        float rate = learningRate * rateFactors.getOrDefault(name, 1f);
        NDArray g = weightDecay > 0f ? grad.add(weight.mul(weightDecay)) : grad.duplicate();
        int t = steps.merge(name, 1, Integer::sum);
        if (kind == TrainingConfig.OptimizerKind.SGD) {
            if (momentum > 0f) {
                NDArray v = first.get(name);
                NDArray next = v == null ? g : v.mul(momentum).addi(g);
                replace(first, name, next);
                weight.subi(next.mul(rate));
            } else {
                weight.subi(g.mul(rate));
            }
        } else {
            NDArray m = first.get(name);
            NDArray v = second.get(name);
            NDArray mNext = (m == null ? g.zerosLike() : m.mul(BETA1)).addi(g.mul(1f - BETA1));
            NDArray vNext = (v == null ? g.zerosLike() : v.mul(BETA2)).addi(g.square().muli(1f - BETA2));
            replace(first, name, mNext);
            replace(second, name, vNext);
            float c1 = (float) (1 - Math.pow(BETA1, t));
            float c2 = (float) (1 - Math.pow(BETA2, t));
            NDArray step = mNext.div(c1).divi(vNext.div(c2).sqrt().addi(EPSILON)).muli(rate);
            weight.subi(step);
        }
    }

    private void replace(Map<String, NDArray> state, String name, NDArray value) {
        NDScope.unregister(value);
        value.attach(manager); // state outlives the per-batch manager the gradient arrays come from
        NDArray old = state.put(name, value);
        if (old != null && old != value) {
            old.close();
        }
    }

    /** Writes moments and per-parameter step counts; names are sorted so the file is stable. */
    void save(Path file) throws IOException {
        NDList list = new NDList();
        for (Map.Entry<String, NDArray> e : new TreeMap<>(first).entrySet()) {
            NDArray a = e.getValue().duplicate();
            a.setName("m/" + e.getKey());
            list.add(a);
        }
        for (Map.Entry<String, NDArray> e : new TreeMap<>(second).entrySet()) {
            NDArray a = e.getValue().duplicate();
            a.setName("v/" + e.getKey());
            list.add(a);
        }
        for (Map.Entry<String, Integer> e : new TreeMap<>(steps).entrySet()) {
            NDArray a = manager.create(new int[] {e.getValue()});
            a.setName("t/" + e.getKey());
            list.add(a);
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            list.encode(out);
        } finally {
            list.close();
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    void load(Path file) throws IOException {
        NDList list;
        try (InputStream in = Files.newInputStream(file)) {
            list = NDList.decode(manager, in);
        }
        for (NDArray a : list) {
            String tagged = a.getName();
            String name = tagged.substring(2);
            switch (tagged.charAt(0)) {
                case 'm' -> replace(first, name, a);
                case 'v' -> replace(second, name, a);
                case 't' -> {
                    steps.put(name, a.toIntArray()[0]);
                    a.close();
                }
                default -> throw new IOException("unknown optimizer state entry " + tagged + " in " + file);
            }
        }
    }

    /** The base class needs a builder; rate, decay and clipping are handled here, not by it. */
    private static final class NoOptions extends OptimizerBuilder<NoOptions> {
        @Override
        protected NoOptions self() {
            return this;
        }
    }
}
