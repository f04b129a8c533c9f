package org.actionrec.server;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.actionrec.explain.Explanation;
import org.actionrec.explain.HeatmapRenderer;
import org.actionrec.streams.KeyframeImageWriter;

/**
 * The answer of {@code POST /v1/models/{name}/explain}: the explanation's first class (the one asked for, else
 * the predicted one) as pictures a page shows, and the predicted class beside it.
 */
final class ExplanationPictures {
    private ExplanationPictures() {
    }

    static Map<String, Object> describe(Explanation e, List<String> classes, String model, String video,
                                        double seconds) {
        Explanation.ClassEvidence c = e.classes().get(0);
        double scale = HeatmapRenderer.robustScale(c.maps());
        List<Map<String, Object>> views = new ArrayList<>();
        for (int j = 0; j < e.views().size(); j++) {
            Explanation.View v = e.views().get(j);
            int peak = c.peaks()[j];
            double[] xy = v.cellCentreInFrame(peak, e.mapSide(), e.imageSide());
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("stream", v.stream());
            row.put("keyframe", v.keyframe());
            row.put("frame", v.frame());
            row.put("share", c.shares()[j]);
            row.put("peak", Map.of("frame_x", Math.round(xy[0]), "frame_y", Math.round(xy[1])));
            row.put("image_png", png(KeyframeImageWriter.toImage(v.image())));
            row.put("heatmap_png", png(HeatmapRenderer.overlay(v.image(), c.maps().get(j), e.mapSide(), scale, false)));
            views.add(row);
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("model", model);
        d.put("video", video);
        d.put("label", c.label());
        d.put("probability", c.probability());
        double[] p = e.probabilities();
        int best = 0;
        for (int k = 1; k < p.length; k++) if (p[k] > p[best]) best = k;
        d.put("predicted", Map.of("label", classes.get(best), "probability", p[best])); // whichever class was asked
        d.put("method", e.mapMethod());
        d.put("map_side", e.mapSide());
        d.put("views", views);
        d.put("seconds", seconds);
        return d;
    }

    private static String png(BufferedImage img) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            return Base64.getEncoder().encodeToString(out.toByteArray());
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
