package org.actionrec.explain;

import java.util.List;
import java.util.Map;
import org.actionrec.video.RgbFrame;

/**
 * Where a model's evidence for classes lies in one video: per view (keyframe × stream the model reads), a map
 * over the backbone's last conv map, and optionally pixel saliency. Maps are plain arrays, row-major, so a
 * program (or a web page) can draw them itself.
 *
 * @param video          the video's name
 * @param frames         its decoded frame count
 * @param warnings       what decoding or sampling fell back on
 * @param mapMethod      {@link #CAM} (exact, linear heads) or {@link #GRAD_CAM} (trained heads, fine-tuned backbones)
 * @param saliencyMethod {@link GradientBackbone#METHOD}, or null where saliency was not computed
 * @param activationMethod what {@link View#activation()} holds
 * @param activationSide side of the square {@link View#activation()} maps
 * @param mapSide        S of the S×S maps
 * @param imageSide      side of the square view images (the backbone's input)
 * @param views          what the model reads, in order: input, stream, keyframe
 * @param classes        one explanation per class asked for
 * @param probabilities  the calibrated probability of every class of the model, in its class order: what the
 *                       model predicts, whichever classes were asked for
 * @param provenance     the model, the backbone and its companions (files and sha256), the settings, versions
 */
public record Explanation(String video, int frames, List<String> warnings, String mapMethod, String saliencyMethod,
                          String activationMethod, int activationSide, int mapSide, int imageSide, List<View> views,
                          List<ClassEvidence> classes, double[] probabilities, Map<String, Object> provenance) {
    /** Exact class activation map: the contributions of the positions plus the bias are the score. */
    public static final String CAM = "cam";
    /** Gradient-weighted class activation map (gradient of the score through the trained head). */
    public static final String GRAD_CAM = "grad-cam";

    public Explanation {
        warnings = List.copyOf(warnings);
        views = List.copyOf(views);
        classes = List.copyOf(classes);
        probabilities = probabilities.clone();
        provenance = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(provenance));
    }

    @Override
    public double[] probabilities() {
        return probabilities.clone();
    }

    /**
     * One image the model reads.
     *
     * @param input      which of the model's descriptor sets (0: its own; 1: frozen streams it is fused with)
     * @param stream     rgb, flow_x, flow_y or mhi
     * @param keyframe   its position among the sampled frames (0-based)
     * @param frame      the video frame it was made at
     * @param image      the image as the backbone sees it (resized, centre-cropped; motion images as grey RGB)
     * @param frameWidth the video frame's width, for mapping positions back to it
     * @param frameHeight its height
     * @param cropX      where the crop starts in the resized frame
     * @param cropY      likewise
     * @param scale      resized / original size
     * @param activation mean over channels of a convolution's maps ({@link #activationMethod}), square, of side
     *                   {@link #activationSide}
     */
    public record View(int input, String stream, int keyframe, int frame, RgbFrame image, int frameWidth,
                       int frameHeight, int cropX, int cropY, double scale, float[] activation) {
        /** A map cell's centre in the video frame's pixels: {x, y}. */
        public double[] cellCentreInFrame(int cell, int side, int imageSide) {
            double cx = (cell % side + 0.5) * imageSide / side + cropX;
            double cy = (cell / side + 0.5) * imageSide / side + cropY;
            return new double[] {cx / scale, cy / scale};
        }
    }

    /**
     * The evidence for one class.
     *
     * @param label       the class
     * @param index       its index among the model's classes
     * @param probability its calibrated probability
     * @param score       the model's score for it (before calibration)
     * @param bias        for {@link #CAM}: the score's constant part, so Σ maps + bias = score; NaN otherwise
     * @param maps        per view, the signed contribution of each position, [S*S]
     * @param saliency    per view, gradient × input summed over channels, [imageSide²], null for a view it was not
     *                    computed for (where only the views with most evidence were asked for); null without saliency
     * @param shares      per view, its share of the positive evidence over all views (sums to 1)
     * @param peaks       per view, the map's largest cell (row-major index)
     */
    public record ClassEvidence(String label, int index, double probability, double score, double bias,
                                List<float[]> maps, List<float[]> saliency, double[] shares, int[] peaks) {
    }
}
