package org.actionrec.explain;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.actionrec.backbone.Backbone;
import org.actionrec.backbone.BackboneException;
import org.actionrec.backbone.BackboneInfo;
import org.actionrec.backbone.BackboneLoadException;
import org.actionrec.backbone.BackboneOptions;
import org.actionrec.backbone.BackboneSpec;
import org.actionrec.backbone.Backbones;
import org.actionrec.features.BackboneBatch;
import org.actionrec.features.ClipFeatures;
import org.actionrec.head.TemperatureScaling;
import org.actionrec.model.ClipScorer;
import org.actionrec.model.ExplanationBasis;
import org.actionrec.model.ScoreGradient;
import org.actionrec.streams.ClipImages;
import org.actionrec.streams.KeyframeImages;
import org.actionrec.streams.Stream;
import org.actionrec.streams.StreamConfig;
import org.actionrec.transform.CropWindow;
import org.actionrec.transform.ImagePreprocessing;
import org.actionrec.transform.ImagePreprocessor;
import org.actionrec.transform.ImageSize;
import org.actionrec.video.RgbFrame;
import org.actionrec.video.VideoReadException;
import org.actionrec.video.VideoReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Explains a model's prediction for one video: decodes only the views the model reads (its keyframes × streams,
 * nothing more), runs the backbone's conv-map companion on them once, takes the descriptors as the maps'
 * spatial means (checked against the backbone itself), scores them with the model's head, and per class asked
 * for spreads the score's gradient over the conv maps ({@link ClassActivationMap}; exact for the pool's linear
 * heads) and, optionally, back to the pixels ({@link GradientBackbone}). Calls are serialised: the conv-map
 * session and the TorchScript module are each one instance.
 *
 * <p>Longer than most classes here: the two ways a score is explained (descriptor gradients over the conv maps, a
 * fine-tuned network layer by layer) share the views, the checks and the saliency.
 */
public final class Explainer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Explainer.class);
    /** Largest difference allowed between a companion's descriptors and the backbone's, relative to their size. */
    static final double FEATURE_TOLERANCE = 2e-3;
    /** The least cosine between an int8 companion's descriptor and its float network's (see requireClose). */
    static final double INT8_MIN_COSINE = 0.9;
    /** Images per TorchScript forward/backward pass: small batches run faster per image on two cores. */
    static final int SALIENCY_BATCH = 5;
    static final String ACTIVATION = "mean over channels of the last convolution's maps (the backbone files "
            + "expose no earlier layer)";

    private final ClipScorer scorer;
    private final List<String> classes;
    private final TemperatureScaling calibration;
    private final BackboneSpec spec;
    private final Backbone convMaps;
    private final Path convMapFile;
    /** The conv maps come from an int8 companion: saliency's float TorchScript then agrees only closely. */
    private final boolean int8Maps;
    private final int channels;
    private final int side;
    private final Path torchScript;
    private final Map<String, Object> provenance;
    private final FineTunedEvidence fineTuned;
    private GradientBackbone gradients;

    /** A fine-tuned model's explainer: its own networks give the maps, no companion file is read. */
    private Explainer(ClipScorer scorer, List<String> classes, TemperatureScaling calibration,
                      BackboneSpec spec, FineTunedEvidence fineTuned, Map<String, Object> provenance) {
        this.scorer = scorer;
        this.classes = List.copyOf(classes);
        this.calibration = calibration;
        this.spec = spec;
        this.convMaps = null;
        this.convMapFile = null;
        this.int8Maps = false;
        this.torchScript = null;
        this.fineTuned = fineTuned;
        this.channels = fineTuned.channels();
        this.side = 0; // from the passes
        this.provenance = provenance;
    }

    private Explainer(ClipScorer scorer, List<String> classes, TemperatureScaling calibration, BackboneSpec spec,
                      Backbone convMaps, Path convMapFile, Path torchScript, Map<String, Object> provenance) {
        this.fineTuned = null;
        this.provenance = provenance;
        this.scorer = scorer;
        this.classes = List.copyOf(classes);
        this.calibration = calibration;
        this.spec = spec;
        this.convMaps = convMaps;
        this.convMapFile = convMapFile;
        this.channels = spec.descriptorSize();
        int area = convMaps.descriptorSize() / channels;
        this.side = (int) Math.round(Math.sqrt(area));
        this.torchScript = torchScript;
        this.int8Maps = org.actionrec.backbone.QuantizedFrom.of(convMapFile).isPresent();
        if (area * channels != convMaps.descriptorSize() || side * side != area) {
            convMaps.close();
            throw new IllegalArgumentException(convMapFile + " gives " + convMaps.descriptorSize()
                    + " floats per image, not " + channels + " square maps");
        }
    }

    /**
     * Opens the explainer of a model's head for the backbone it predicts with.
     *
     * @param backbone the backbone the model predicts with (its file tells where the companions are)
     * @param folders  further folders to look for the companions in (the model's folder, the model folder)
     * @param model    what to record of the model in each explanation's provenance
     * @throws BackboneLoadException where the conv-map companion is missing or cannot be loaded
     */
    public static Explainer open(ClipScorer scorer, List<String> classes, TemperatureScaling calibration,
                                 BackboneInfo backbone, List<Path> folders, BackboneOptions options,
                                 Map<String, Object> model) throws BackboneException {
        BackboneSpec spec = backbone.spec();
        ExplanationBasis basis = scorer.explanation();
        if (basis instanceof ExplanationBasis.NotExplained not) throw new UnsupportedOperationException(not.reason());
        if (basis instanceof ExplanationBasis.FineTunedNetworks networks) {
            Map<String, Object> provenance = new LinkedHashMap<>();
            provenance.put("model", model);
            provenance.put("backbone", Map.of("name", "fine-tuned network inside the model file", "input",
                    backbone.name()));
            FineTunedEvidence evidence = FineTunedEvidence.open(networks, spec.inputSize());
            provenance.put("convMap", "the fine-tuned network's last convolution, computed layer by layer ("
                    + "MobileNetV2, checked against the network's own descriptors)");
            provenance.put("preprocessing", spec.preprocessing().toString());
            provenance.put("versions", org.actionrec.report.Provenance.Versions.detect());
            return new Explainer(scorer, classes, calibration, spec, evidence, provenance);
        }
        Path file = Path.of(backbone.file());
        Path convMapFile = BackboneCompanions.convMapFile(spec, file, folders);
        Optional<Path> torchScript = BackboneCompanions.torchScriptFile(spec, file, folders);
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("model", model);
        provenance.put("backbone", Map.of("name", backbone.name(), "file", backbone.file(), "sha256",
                backbone.sha256()));
        provenance.put("convMap", fileRecord(convMapFile));
        torchScript.ifPresent(f -> provenance.put("saliencyBackbone", fileRecord(f)));
        provenance.put("preprocessing", spec.preprocessing().toString());
        provenance.put("versions", org.actionrec.report.Provenance.Versions.detect());
        Backbone maps = Backbones.open(convMapFile, spec, options);
        return new Explainer(scorer, classes, calibration, spec, maps, convMapFile, torchScript.orElse(null),
                provenance);
    }

    private static Map<String, Object> fileRecord(Path file) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("file", file.toAbsolutePath().toString());
        try {
            r.put("sha256", org.actionrec.backbone.FileDigestCache.computeSha256(file));
        } catch (java.io.IOException e) {
            r.put("sha256", "unreadable: " + e.getMessage());
        }
        return r;
    }

    /** The conv-map companion file; null for a fine-tuned model, whose own network gives the maps. */
    public Path convMapFile() {
        return convMapFile;
    }

    /** The TorchScript file pixel saliency runs through, if there is one. */
    public Optional<Path> torchScriptFile() {
        return Optional.ofNullable(torchScript);
    }

    /** The views of one input: images as the backbone takes them, and what to draw them on. */
    private record Views(StreamConfig config, KeyframeImages images, float[] tensor, List<Explanation.View> views) {
    }

    /**
     * Explains the classes asked for.
     *
     * @param features a session of the backbone the model predicts with (used to check the companion)
     * @throws VideoReadException       the video cannot be read (typed, as everywhere in the video pipeline)
     * @throws BackboneException        a backbone fails, or a companion does not compute the backbone's features
     * @throws IllegalArgumentException a class asked for is not one of the model's
     */
    public synchronized Explanation explain(Path video, String name, VideoReader reader, Backbone features,
                                            ExplainOptions options) throws VideoReadException, BackboneException {
        if (fineTuned != null) return explainFineTuned(video, name, reader, options);
        long start = System.nanoTime();
        List<Views> inputs = views(video, reader, scorer.inputs());
        List<String> warnings = new ArrayList<>();
        for (Views v : inputs) {
            for (String w : v.images().warnings()) {
                if (!warnings.contains(w)) warnings.add(w);
            }
        }
        if (int8Maps && options.saliency()) {
            warnings.add("the conv maps are int8 (" + convMapFile.getFileName() + "); pixel saliency comes from the "
                    + "float TorchScript, as ONNX Runtime gives no gradients");
        }
        int total = inputs.stream().mapToInt(v -> v.views().size()).sum();
        int floats = spec.floatsPerImage();
        float[] all = new float[total * floats];
        int at = 0;
        for (Views v : inputs) {
            System.arraycopy(v.tensor(), 0, all, at, v.tensor().length);
            at += v.tensor().length;
        }
        long decoded = System.nanoTime();
        float[][] maps = convMaps.extract(all, total);
        long mapped = System.nanoTime();
        float[][] descriptors = new float[total][];
        for (int j = 0; j < total; j++) descriptors[j] = ClassActivationMap.spatialMean(maps[j], channels);
        requireSame(features.extract(all, 1)[0], descriptors[0], features.info().file(), convMapFile.toString());
        List<ClipFeatures> clip = new ArrayList<>();
        List<Explanation.View> allViews = new ArrayList<>();
        int first = 0;
        for (Views v : inputs) {
            clip.add(clipFeatures(name, v, descriptors, first));
            for (Explanation.View view : v.views()) {
                allViews.add(withActivation(view, ClassActivationMap.meanActivation(maps[allViews.size()], channels)));
            }
            first += v.views().size();
        }
        long checked = System.nanoTime();
        float[] scores = scorer.score(clip);
        double[] p = calibration.probabilities(scores);
        List<Integer> asked = classesAsked(options, p);
        List<Explanation.ClassEvidence> evidence = new ArrayList<>();
        String method = null;
        long saliencyNanos = 0;
        for (int cls : asked) {
            ScoreGradient g = ScoreGradients.of(scorer, clip, cls);
            method = g.linear() ? Explanation.CAM : Explanation.GRAD_CAM;
            float[][] viewGradients = viewGradients(g, inputs);
            List<float[]> classMaps = new ArrayList<>();
            for (int j = 0; j < total; j++) {
                classMaps.add(ClassActivationMap.contributions(viewGradients[j], maps[j], channels));
            }
            double[] shares = shares(classMaps);
            List<float[]> saliency = null;
            long t = System.nanoTime();
            if (options.saliency()) {
                saliency = saliency(all, mainViews(shares, options.saliencyViews()), viewGradients, descriptors);
            }
            saliencyNanos += System.nanoTime() - t;
            evidence.add(new Explanation.ClassEvidence(classes.get(cls), cls, p[cls], g.score(), g.bias(), classMaps,
                    saliency, shares, peaks(classMaps)));
        }
        long end = System.nanoTime();
        LOG.debug("explained {} ({} views, {} classes) in {} ms: images {} ms, conv maps {} ms, check {} ms, "
                + "maps {} ms, saliency {} ms", name, total, asked.size(), (end - start) / 1_000_000,
                (decoded - start) / 1_000_000, (mapped - decoded) / 1_000_000, (checked - mapped) / 1_000_000,
                (end - checked - saliencyNanos) / 1_000_000, saliencyNanos / 1_000_000);
        return new Explanation(name, inputs.get(0).images().metadata().frameCount(), warnings, method,
                options.saliency() ? GradientBackbone.METHOD : null, ACTIVATION, side, side, spec.inputSize(),
                allViews, evidence, p, withStreams(inputs));
    }

    /**
     * A fine-tuned model: its keyframe images are its input (its descriptors, as the pixel backbone makes them);
     * each member's network, written out layer by layer, gives the last and first convolutions' maps.
     */
    private Explanation explainFineTuned(Path video, String name, VideoReader reader, ExplainOptions options)
            throws VideoReadException {
        Views v = views(video, reader, scorer.inputs()).get(0);
        int total = v.views().size();
        int floats = spec.floatsPerImage();
        float[][] images = new float[total][];
        for (int j = 0; j < total; j++) images[j] = java.util.Arrays.copyOfRange(v.tensor(), j * floats, (j + 1) * floats);
        ClipFeatures clip = clipFeatures(name, v, images, 0);
        List<FineTunedEvidence.Pass> passes = fineTuned.passes(v.tensor(), total);
        List<float[]> activations = fineTuned.activations(passes);
        List<Explanation.View> views = new ArrayList<>();
        for (int j = 0; j < total; j++) views.add(withActivation(v.views().get(j), activations.get(j)));
        float[] scores = scorer.score(List.of(clip));
        double[] p = calibration.probabilities(scores);
        List<Explanation.ClassEvidence> evidence = new ArrayList<>();
        for (int cls : classesAsked(options, p)) {
            List<float[]> classMaps = fineTuned.classMaps(passes, cls);
            double[] shares = shares(classMaps);
            List<float[]> saliency = options.saliency() ? fineTuned.saliency(v.tensor(), total, passes, cls,
                    mainViews(shares, options.saliencyViews())) : null;
            evidence.add(new Explanation.ClassEvidence(classes.get(cls), cls, p[cls], scores[cls], Double.NaN,
                    classMaps, saliency, shares, peaks(classMaps)));
        }
        int mapSide = (int) Math.round(Math.sqrt(passes.get(0).maps()[0].length / (double) channels));
        return new Explanation(name, v.images().metadata().frameCount(), v.images().warnings(), Explanation.GRAD_CAM,
                options.saliency() ? GradientBackbone.METHOD : null, FineTunedEvidence.ACTIVATION,
                fineTuned.activationSide(passes), mapSide, spec.inputSize(), views, evidence, p,
                withStreams(List.of(v)));
    }

    private Map<String, Object> withStreams(List<Views> inputs) {
        Map<String, Object> p = new LinkedHashMap<>(provenance);
        List<Map<String, Object>> streams = new ArrayList<>();
        for (Views v : inputs) streams.add(v.config().settings());
        p.put("inputs", streams);
        return p;
    }

    /** The views of every input, from one decode of the video ({@link ClipImages}). */
    private List<Views> views(Path video, VideoReader reader, List<StreamConfig> configs) throws VideoReadException {
        ImagePreprocessing prep = spec.preprocessing();
        try (ClipImages extractor = new ClipImages(reader, configs);
                ImagePreprocessor preprocessor = new ImagePreprocessor(prep)) {
            List<KeyframeImages> made = extractor.extract(video);
            List<Views> out = new ArrayList<>();
            for (int input = 0; input < configs.size(); input++) {
                StreamConfig config = configs.get(input);
                KeyframeImages k = made.get(input);
                List<Explanation.View> views = new ArrayList<>();
                for (Stream s : config.orderedStreams()) {
                    for (int j = 0; j < config.keyframes(); j++) {
                        RgbFrame frame = s.grey() ? k.greyStream(s).get(j).toRgb() : k.rgb().get(j);
                        ImageSize resized = prep.resizedSize(frame.width(), frame.height());
                        CropWindow crop = prep.centreCrop(resized);
                        views.add(new Explanation.View(input, s.id(), j, k.keyframes()[j],
                                preprocessor.resizeAndCentreCrop(frame), frame.width(), frame.height(), crop.x(),
                                crop.y(), (double) resized.width() / frame.width(), null));
                    }
                }
                out.add(new Views(config, k, BackboneBatch.tensor(k, config, preprocessor), views));
            }
            return out;
        }
    }

    private static Explanation.View withActivation(Explanation.View v, float[] activation) {
        return new Explanation.View(v.input(), v.stream(), v.keyframe(), v.frame(), v.image(), v.frameWidth(),
                v.frameHeight(), v.cropX(), v.cropY(), v.scale(), activation);
    }

    private ClipFeatures clipFeatures(String name, Views v, float[][] descriptors, int first) {
        return BackboneBatch.features(name, v.images(), v.config(), descriptors, first);
    }

    private List<Integer> classesAsked(ExplainOptions options, double[] p) {
        List<Integer> asked = new ArrayList<>();
        for (String label : options.classes()) {
            int c = classes.indexOf(label);
            if (c < 0) {
                throw new IllegalArgumentException("the model has no class '" + label + "'; its classes: "
                        + String.join(", ", classes));
            }
            asked.add(c);
        }
        if (asked.isEmpty()) {
            List<Integer> order = new ArrayList<>();
            for (int c = 0; c < p.length; c++) order.add(c);
            order.sort(Comparator.comparingDouble((Integer c) -> p[c]).reversed());
            asked.addAll(order.subList(0, Math.min(options.top(), order.size())));
        }
        return asked;
    }

    /** The gradient per view, in view order (input, stream, keyframe). */
    private static float[][] viewGradients(ScoreGradient g, List<Views> inputs) {
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Map<String, float[][]> byStream = g.gradients().get(i);
            for (Stream s : inputs.get(i).config().orderedStreams()) {
                for (float[] row : byStream.get(s.id())) out.add(row);
            }
        }
        return out.toArray(new float[0][]);
    }

    /** The {@code n} views with the largest shares, in view order. */
    static int[] mainViews(double[] shares, int n) {
        if (n >= shares.length) return java.util.stream.IntStream.range(0, shares.length).toArray();
        return java.util.stream.IntStream.range(0, shares.length).boxed()
                .sorted(Comparator.comparingDouble((Integer j) -> shares[j]).reversed()).limit(n)
                .mapToInt(Integer::intValue).sorted().toArray();
    }

    /** Saliency of the views chosen, in batches of {@value #SALIENCY_BATCH}; null for the others. */
    private List<float[]> saliency(float[] images, int[] views, float[][] viewGradients, float[][] descriptors)
            throws BackboneException {
        if (torchScript == null) {
            throw new BackboneLoadException("pixel saliency needs the backbone as TorchScript ("
                    + spec.fileStem() + ".pt) beside " + convMapFile.getParent() + "; explain without saliency or "
                    + "put the file there");
        }
        if (gradients == null) gradients = GradientBackbone.open(torchScript);
        int floats = spec.floatsPerImage();
        float[][] out = new float[descriptors.length][];
        for (int from = 0; from < views.length; from += SALIENCY_BATCH) {
            int n = Math.min(SALIENCY_BATCH, views.length - from);
            float[] batch = new float[n * floats];
            float[][] g = new float[n][];
            for (int i = 0; i < n; i++) {
                int j = views[from + i];
                System.arraycopy(images, j * floats, batch, i * floats, floats);
                g[i] = viewGradients[j];
            }
            GradientBackbone.Result r = gradients.saliency(batch, n, spec.inputSize(), g);
            if (from == 0 && int8Maps) {
                requireClose(descriptors[views[0]], r.features()[0], convMapFile.toString(), torchScript.toString());
            } else if (from == 0) {
                requireSame(descriptors[views[0]], r.features()[0], convMapFile.toString(), torchScript.toString());
            }
            for (int i = 0; i < n; i++) out[views[from + i]] = r.saliency()[i];
        }
        return java.util.Arrays.asList(out);
    }

    private static double[] shares(List<float[]> maps) {
        double[] mass = new double[maps.size()];
        double total = 0;
        for (int j = 0; j < mass.length; j++) {
            mass[j] = ClassActivationMap.positiveMass(maps.get(j));
            total += mass[j];
        }
        for (int j = 0; j < mass.length; j++) mass[j] = total > 0 ? mass[j] / total : 0;
        return mass;
    }

    private static int[] peaks(List<float[]> maps) {
        return maps.stream().mapToInt(ClassActivationMap::peak).toArray();
    }

    /** Refuses a companion whose descriptors are not the backbone's. */
    static void requireSame(float[] expected, float[] got, String expectedFile, String gotFile)
            throws BackboneLoadException {
        double max = 0;
        double size = 1;
        for (int j = 0; j < expected.length; j++) {
            max = Math.max(max, Math.abs(expected[j] - got[j]));
            size = Math.max(size, Math.abs(expected[j]));
        }
        if (expected.length != got.length || max > FEATURE_TOLERANCE * size) {
            throw new BackboneLoadException(gotFile + " does not compute the features of " + expectedFile
                    + " (largest difference " + max + "): it is not that backbone's companion");
        }
    }

    /**
     * Refuses a float TorchScript that is not the network an int8 companion was quantized from: int8 keeps a
     * descriptor's direction (cosine ~0.98 measured, docs/RESULTS.md), another network does not.
     */
    static void requireClose(float[] int8, float[] fp32, String int8File, String fp32File) throws BackboneLoadException {
        double dot = 0, a = 0, b = 0;
        for (int j = 0; j < Math.min(int8.length, fp32.length); j++) {
            dot += (double) int8[j] * fp32[j];
            a += (double) int8[j] * int8[j];
            b += (double) fp32[j] * fp32[j];
        }
        double cosine = dot / Math.sqrt(a * b + 1e-30);
        if (int8.length != fp32.length || cosine < INT8_MIN_COSINE) {
            throw new BackboneLoadException(fp32File + " does not compute the features that the int8 " + int8File
                    + " was quantized from (cosine " + String.format(java.util.Locale.ROOT, "%.3f", cosine)
                    + "): it is not that backbone's TorchScript");
        }
    }

    @Override
    public synchronized void close() {
        if (convMaps != null) convMaps.close();
        if (fineTuned != null) fineTuned.close();
        if (gradients != null) gradients.close();
    }
}
