package org.actionrec.model.pool;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.actionrec.features.ClipFeatures;
import org.actionrec.head.ClipClassifier;
import org.actionrec.head.FusedScoreGradients;
import org.actionrec.head.HeadCodec;
import org.actionrec.head.ScoreFusion;
import org.actionrec.head.TemperatureScaling;
import org.actionrec.model.ClipScorer;
import org.actionrec.model.ExplanationBasis;
import org.actionrec.model.ScoreGradient;
import org.actionrec.recognizer.ModelMismatchException;
import org.actionrec.streams.StreamConfig;

/**
 * Paper 000's recogniser on frozen features: one head per stream, video score = mean of keyframe scores,
 * streams fused by weighted averaging of normalised scores. This is the model bundle: one JSON file holding
 * the heads, labels, the feature settings the descriptors must be made with, the backbone's identity and
 * checksum, and how it was trained.
 *
 * @param streamConfig how keyframe images are made (rebuilt at prediction time)
 * @param featureSettings the extraction settings (streams, sampler, motion, preprocessing, backbone sha256)
 * @param backboneName the backbone's registry name
 * @param backboneSha256 the sha256 of the backbone file the heads were trained on; predicting with another
 *     file is refused
 * @param training what the model was trained on and how C and the weights were chosen
 * @param calibration the temperature that turns the fused scores into probabilities (fitted on the fused
 *     validation scores); identity where none was fitted
 */
public record StreamPoolModel(List<String> classes, List<String> streams, List<ClipClassifier> heads,
                              ScoreFusion fusion, StreamConfig streamConfig, Map<String, Object> featureSettings,
                              String backboneName,
                              String backboneSha256, Map<String, Object> training, TemperatureScaling calibration)
        implements ClipScorer {
    public static final String FORMAT = "actionrec-stream-pool/1";
    /** The pool's entry in a model file. */
    public static final String ENTRY = "pool.json";

    public StreamPoolModel {
        if (calibration == null) calibration = TemperatureScaling.identity();
        classes = List.copyOf(classes);
        streams = List.copyOf(streams);
        heads = List.copyOf(heads);
        if (heads.size() != streams.size()) {
            throw new IllegalArgumentException("one head per stream");
        }
    }

    /**
     * Refuses a backbone file other than the one the heads were trained on (compared by sha256).
     *
     * @throws ModelMismatchException naming both checksums and the file given
     */
    public void requireBackbone(org.actionrec.backbone.BackboneInfo backbone) throws ModelMismatchException {
        if (!backboneSha256.equalsIgnoreCase(backbone.sha256())) {
            throw new ModelMismatchException("the model was trained on backbone " + backboneName + " with sha256 "
                    + backboneSha256 + ", but " + backbone.file() + " has sha256 " + backbone.sha256()
                    + "; pass the same backbone file the model was trained with" + org.actionrec.backbone.QuantizedFrom
                    .mismatchHint(backboneSha256, java.util.Optional.empty(), java.nio.file.Path.of(backbone.file())));
        }
    }

    /** Per stream, the clip's class scores (mean over keyframes), in {@link #streams()} order. */
    public List<float[]> streamScores(ClipFeatures clip) {
        List<float[]> out = new ArrayList<>();
        for (int s = 0; s < streams.size(); s++) {
            out.add(heads.get(s).scoreClip(clip.stream(streams.get(s))));
        }
        return out;
    }

    /** The fused class scores of one clip. */
    public float[] score(ClipFeatures clip) {
        return fusion.fuseClip(streamScores(clip));
    }

    @Override
    public List<StreamConfig> inputs() {
        return List.of(streamConfig);
    }

    @Override
    public float[] score(List<ClipFeatures> inputs) {
        return score(inputs.get(0));
    }

    /** Exact CAM: the fused score is linear in the descriptors where every head is a linear SVM. */
    @Override
    public ExplanationBasis explanation() {
        return new ExplanationBasis.DescriptorGradients((inputs, cls) -> {
            double score = score(inputs)[cls];
            Map<String, float[][]> g = new java.util.LinkedHashMap<>();
            double bias = FusedScoreGradients.of(streams, heads, fusion, 0, inputs.get(0), cls, g);
            return new ScoreGradient(score, !Double.isNaN(bias), bias, List.of(g));
        });
    }

    /** Writes the bundle as one JSON file. */
    public void save(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".part");
        mapper().writeValue(tmp.toFile(), new Bundle(FORMAT, this));
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads a bundle written by {@link #save}; a file of another format gives an error naming it. */
    public static StreamPoolModel load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new java.io.FileNotFoundException("model bundle not found: " + file);
        }
        Bundle b;
        try {
            b = mapper().readValue(file.toFile(), Bundle.class);
        } catch (IOException e) {
            throw new IOException(file + " is not an actionrec model bundle: " + e.getMessage(), e);
        }
        if (!FORMAT.equals(b.format())) {
            throw new IOException(file + " has format '" + b.format() + "', expected " + FORMAT);
        }
        return b.model();
    }

    private record Bundle(String format, StreamPoolModel model) {
    }

    private static ObjectMapper mapper() {
        return HeadCodec.mapper().copy().enable(SerializationFeature.INDENT_OUTPUT);
    }
}
