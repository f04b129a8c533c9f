package org.actionrec.explain;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import org.actionrec.backbone.BackboneLoadException;
import org.actionrec.model.ExplanationBasis;
import org.actionrec.train.FineTunedNetwork;
import org.actionrec.train.SequenceSample;
import org.actionrec.train.TrainedNetwork;
import org.actionrec.train.TwoLayerHead;

/**
 * Grad-CAM through a fine-tuned backbone ({@code finetune}, {@code nbtl}). Each member's fine-tuned network is
 * written out layer by layer ({@link MobileNetV2Layers}, on a copy of its weights), which gives the maps of its
 * last convolution A; the gradient g of the class score with respect to the pooled descriptor comes from the
 * member's two-layer head (pruned where NB-TL pruned it), and the map is {@link ClassActivationMap#contributions}
 * of g and A: Grad-CAM's channel weights are g / P. Where the model scores mirror images too, their maps are
 * flipped back and added, and members are averaged, as the score is. Pixel saliency (gradient × input) goes
 * back through the same layers by autograd, and the first convolution's maps give the mean activation maps.
 */
final class FineTunedEvidence implements AutoCloseable {
    static final String ACTIVATION = "mean over channels of the first convolution's maps of the fine-tuned network";
    private static final String ENGINE = "PyTorch";

    private final ExplanationBasis.FineTunedNetworks scorer;
    private final NDManager manager;
    private final List<MobileNetV2Layers> layers;
    private final List<TwoLayerHead> heads;
    private final int side;

    private FineTunedEvidence(ExplanationBasis.FineTunedNetworks scorer, NDManager manager, List<MobileNetV2Layers> layers,
                              List<TwoLayerHead> heads, int side) {
        this.scorer = scorer;
        this.manager = manager;
        this.layers = layers;
        this.heads = heads;
        this.side = side;
    }

    /**
     * Writes out each member's network and checks it on a test image against the member's own backbone.
     *
     * @param side the images' side (the backbone's input)
     * @throws BackboneLoadException where a member's backbone is not a network written out here, or the written-out
     *                               network does not compute the member's descriptors
     */
    static FineTunedEvidence open(ExplanationBasis.FineTunedNetworks scorer, int side) throws BackboneLoadException {
        NDManager manager = NDManager.newBaseManager(Engine.getEngine(ENGINE).defaultDevice(), ENGINE);
        try {
            float[] probe = probeImage(side);
            List<MobileNetV2Layers> layers = new ArrayList<>();
            List<TwoLayerHead> heads = new ArrayList<>();
            synchronized (scorer.lock()) {
                for (TrainedNetwork member : scorer.members()) {
                    float[] own = new FineTunedNetwork(member).backboneDescriptors(List.of(new SequenceSample("probe",
                            new float[][] {probe}, 0)))[0];
                    layers.add(matching(member, manager, probe, own, side));
                    heads.add(new FineTunedNetwork(member).finetuneHead());
                }
            }
            return new FineTunedEvidence(scorer, manager, layers, heads, side);
        } catch (BackboneLoadException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** The written-out network, of the activation that reproduces the member's descriptor of {@code probe}. */
    private static MobileNetV2Layers matching(TrainedNetwork member, NDManager manager, float[] probe,
                                              float[] own, int side) throws BackboneLoadException {
        String why = "its weights are not a MobileNetV2 with batch norm folded into the convolutions";
        for (MobileNetV2Layers.Activation a : MobileNetV2Layers.Activation.values()) {
            var candidate = MobileNetV2Layers.of(member.built().backbone(), a, manager);
            if (candidate.isEmpty()) break;
            try (NDManager scope = manager.newSubManager()) {
                MobileNetV2Layers.Maps maps = candidate.get().forward(scope.create(probe, new Shape(1, 3, side, side)));
                float[] mean = ClassActivationMap.spatialMean(maps.last().toFloatArray(), own.length);
                try {
                    Explainer.requireSame(own, mean, "the fine-tuned backbone", "its layer-by-layer copy");
                    return candidate.get();
                } catch (BackboneLoadException e) {
                    why = e.getMessage();
                }
            }
        }
        throw new BackboneLoadException("Grad-CAM through this fine-tuned backbone needs the maps of its last "
                + "convolution, which a TorchScript module does not show; they are computed for MobileNetV2 "
                + "(e.g. mobilenet_v2_features.pt), and here " + why);
    }

    /** A smooth image of either sign, as normalised images are, to check a network on. */
    private static float[] probeImage(int side) {
        float[] img = new float[3 * side * side];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    img[(c * side + y) * side + x] = (float) (Math.sin(0.05 * (x + 7 * c)) + Math.cos(0.07 * y) - 0.3 * c);
                }
            }
        }
        return img;
    }

    /** Channels of the last convolution. */
    int channels() {
        return layers.get(0).channels();
    }

    /**
     * What one pass of one member gives per view.
     *
     * @param maps        A, [views][C·P]
     * @param descriptors the spatial means of A, [views][C]
     * @param activation  the first convolution's mean over channels, [views][side²/4]
     * @param mirrored    whether the pass ran on the mirror images (its maps are flipped back by the caller)
     */
    record Pass(int member, boolean mirrored, float[][] maps, float[][] descriptors, float[][] activation) {
    }

    /** Every member's pass over the views (and over their mirror images, where the model scores them too). */
    synchronized List<Pass> passes(float[] images, int views) {
        List<Pass> out = new ArrayList<>();
        for (int m = 0; m < layers.size(); m++) {
            for (boolean mirrored : mirrorings(m)) {
                try (NDManager scope = manager.newSubManager()) {
                    NDArray x = scope.create(images, new Shape(views, 3, side, side));
                    if (mirrored) x = x.flip(3);
                    MobileNetV2Layers.Maps maps = layers.get(m).forward(x);
                    float[][] a = rows(maps.last().toFloatArray(), views);
                    float[][] d = new float[views][];
                    for (int j = 0; j < views; j++) d[j] = ClassActivationMap.spatialMean(a[j], channels());
                    float[][] act = rows(maps.first().mean(new int[] {1}).toFloatArray(), views);
                    out.add(new Pass(m, mirrored, a, d, act));
                }
            }
        }
        return out;
    }

    private boolean[] mirrorings(int member) {
        return scorer.members().get(member).spec().mirror() ? new boolean[] {false, true} : new boolean[] {false};
    }

    /** ∂(clip score of cls)/∂(pass's descriptor of each view): the head's gradient, times the pass's weight. */
    float[][] gradients(Pass pass, int cls, int passes) {
        int views = pass.descriptors().length;
        float[][] g = new float[views][];
        double factor = 1.0 / ((double) passes * views);
        for (int j = 0; j < views; j++) {
            g[j] = heads.get(pass.member()).gradient(pass.descriptors()[j], cls);
            for (int i = 0; i < g[j].length; i++) g[j][i] = (float) (g[j][i] * factor);
        }
        return g;
    }

    /** Per view, Grad-CAM of class cls summed over passes (mirror passes flipped back), [P] each. */
    List<float[]> classMaps(List<Pass> passes, int cls) {
        int views = passes.get(0).maps().length;
        int positions = passes.get(0).maps()[0].length / channels();
        int mapSide = (int) Math.round(Math.sqrt(positions));
        float[][] sum = new float[views][positions];
        for (Pass pass : passes) {
            float[][] g = gradients(pass, cls, passes.size());
            for (int j = 0; j < views; j++) {
                float[] c = ClassActivationMap.contributions(g[j], pass.maps()[j], channels());
                if (pass.mirrored()) c = flipRows(c, mapSide);
                for (int p = 0; p < positions; p++) sum[j][p] += c[p];
            }
        }
        return List.of(sum);
    }

    /** Mean activation of the first convolution per view, over the plain passes of the members. */
    List<float[]> activations(List<Pass> passes) {
        List<Pass> plain = passes.stream().filter(p -> !p.mirrored()).toList();
        int views = plain.get(0).activation().length;
        int size = plain.get(0).activation()[0].length;
        float[][] out = new float[views][size];
        for (Pass p : plain) {
            for (int j = 0; j < views; j++) {
                for (int i = 0; i < size; i++) out[j][i] += p.activation()[j][i] / plain.size();
            }
        }
        return List.of(out);
    }

    /** Side of {@link #activations} maps. */
    int activationSide(List<Pass> passes) {
        return (int) Math.round(Math.sqrt(passes.get(0).activation()[0].length));
    }

    /**
     * Gradient × input of the clip score of cls for the chosen views, summed over channels and passes, [side²]
     * each; null for the views not chosen.
     */
    synchronized List<float[]> saliency(float[] images, int views, List<Pass> passes, int cls, int[] chosen) {
        float[][] out = new float[views][];
        if (chosen.length == 0) return java.util.Arrays.asList(out);
        int floats = 3 * side * side;
        float[] batch = new float[chosen.length * floats];
        for (int i = 0; i < chosen.length; i++) System.arraycopy(images, chosen[i] * floats, batch, i * floats, floats);
        for (int j : chosen) out[j] = new float[side * side];
        for (Pass pass : passes) {
            float[][] g = gradients(pass, cls, passes.size());
            float[] weights = new float[chosen.length * channels()];
            for (int i = 0; i < chosen.length; i++) System.arraycopy(g[chosen[i]], 0, weights, i * channels(), channels());
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = scope.create(batch, new Shape(chosen.length, 3, side, side));
                if (pass.mirrored()) x = x.flip(3);
                x.setRequiresGradient(true);
                try (GradientCollector collector = Engine.getEngine(ENGINE).newGradientCollector()) {
                    NDArray a = layers.get(pass.member()).forward(x).last();
                    NDArray d = a.reshape(chosen.length, channels(), -1).mean(new int[] {2});
                    collector.backward(d.mul(scope.create(weights, new Shape(chosen.length, channels()))).sum());
                }
                float[][] s = rows(x.getGradient().mul(x).sum(new int[] {1}).toFloatArray(), chosen.length);
                for (int i = 0; i < chosen.length; i++) {
                    float[] v = pass.mirrored() ? flipRows(s[i], side) : s[i];
                    float[] into = out[chosen[i]];
                    for (int p = 0; p < into.length; p++) into[p] += v[p];
                }
            }
        }
        return java.util.Arrays.asList(out);
    }

    private static float[][] rows(float[] flat, int n) {
        int per = flat.length / n;
        float[][] out = new float[n][per];
        for (int i = 0; i < n; i++) System.arraycopy(flat, i * per, out[i], 0, per);
        return out;
    }

    /** A square row-major map mirrored left-right. */
    static float[] flipRows(float[] map, int side) {
        float[] out = new float[map.length];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) out[y * side + x] = map[y * side + side - 1 - x];
        }
        return out;
    }

    @Override
    public synchronized void close() {
        manager.close();
    }
}
