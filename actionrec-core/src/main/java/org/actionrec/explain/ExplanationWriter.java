package org.actionrec.explain;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * Writes an explanation as files a person can open, into one folder, per class explained ({@code <label>} as a
 * file-name-safe word):
 * <ul>
 *   <li>{@code <label>_k<K>_<stream>.png}: per keyframe and stream, the class map over the image the model
 *       reads, with a colour bar (one scale for all views of the class, so their colours compare);</li>
 *   <li>{@code <label>_saliency_k<K>_<stream>.png}: the pixel saliency, where computed;</li>
 *   <li>{@code <label>_sheet.png}: a contact sheet, keyframes as rows, streams (then their saliency) as columns;</li>
 *   <li>{@code <label>.gif}: the sheet's rows, one keyframe after another;</li>
 * </ul>
 * where the activation maps are of an earlier layer than the class maps (the first convolution, where the
 * network is computed layer by layer: fine-tuned backbones), once per explanation
 * {@code activation_k<K>_<stream>.png}: each view's mean activation map, one scale for all views;
 * and {@code explain.json}: the video, the method, and per class its probability and score and per view its
 * peak (map cell and video-frame pixel) and share of the evidence, with the provenance.
 */
public final class ExplanationWriter {
    public static final String JSON = "explain.json";
    private static final int TILE = 160;
    private static final int GIF_DELAY_CS = 80;

    private ExplanationWriter() {
    }

    /** The views' mean activation maps as PNGs (class-independent), and what explain.json says of them. */
    private static List<Map<String, Object>> writeActivations(Explanation e, Path dir, List<Path> written)
            throws IOException {
        List<float[]> maps = e.views().stream().map(Explanation.View::activation).toList();
        List<Map<String, Object>> rows = new ArrayList<>();
        // the last convolution's mean activation says little beside its class maps: kept in the arrays only
        if (e.activationSide() == e.mapSide() || maps.stream().anyMatch(java.util.Objects::isNull)) return rows;
        double scale = HeatmapRenderer.scaleOf(maps);
        List<Runnable> pngs = new ArrayList<>();
        for (int j = 0; j < e.views().size(); j++) {
            Explanation.View v = e.views().get(j);
            BufferedImage m = HeatmapRenderer.overlay(v.image(), maps.get(j), e.activationSide(), scale, false);
            Path file = dir.resolve("activation_" + viewName(v) + ".png");
            String title = "activation " + v.stream() + " k" + (v.keyframe() + 1);
            pngs.add(() -> png(HeatmapRenderer.withBar(m, title, scale), file));
            written.add(file);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("stream", v.stream());
            row.put("keyframe", v.keyframe());
            row.put("png", file.getFileName().toString());
            rows.add(row);
        }
        try {
            pngs.parallelStream().forEach(Runnable::run);
        } catch (java.io.UncheckedIOException x) {
            throw x.getCause();
        }
        return rows;
    }

    /** Writes the files; returns them, {@code explain.json} last. */
    public static List<Path> write(Explanation e, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        List<Map<String, Object>> classes = new ArrayList<>();
        for (Explanation.ClassEvidence c : e.classes()) {
            String stem = safe(c.label());
            double scale = HeatmapRenderer.scaleOf(c.maps());
            double salScale = c.saliency() == null ? 1 : HeatmapRenderer.robustScale(
                    c.saliency().stream().filter(java.util.Objects::nonNull).toList());
            List<BufferedImage> maps = new ArrayList<>();
            List<BufferedImage> sal = new ArrayList<>();
            List<Runnable> pngs = new ArrayList<>();
            List<Map<String, Object>> views = new ArrayList<>();
            for (int j = 0; j < e.views().size(); j++) {
                Explanation.View v = e.views().get(j);
                BufferedImage m = HeatmapRenderer.overlay(v.image(), c.maps().get(j), e.mapSide(), scale, false);
                maps.add(m);
                String name = stem + "_" + viewName(v);
                Path file = dir.resolve(name + ".png");
                String title = String.format(Locale.ROOT, "%s %s k%d  %.0f%%", c.label(), v.stream(), v.keyframe() + 1,
                        100 * c.shares()[j]);
                pngs.add(() -> png(HeatmapRenderer.withBar(m, title, scale), file));
                written.add(file);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("input", v.input());
                row.put("stream", v.stream());
                row.put("keyframe", v.keyframe());
                row.put("frame", v.frame());
                int peak = c.peaks()[j];
                double[] xy = v.cellCentreInFrame(peak, e.mapSide(), e.imageSide());
                row.put("peak", Map.of("cellX", peak % e.mapSide(), "cellY", peak / e.mapSide(),
                        "frameX", round(xy[0]), "frameY", round(xy[1]), "value", c.maps().get(j)[peak]));
                row.put("share", round(c.shares()[j]));
                row.put("png", file.getFileName().toString());
                if (c.saliency() != null) {
                    float[] map = c.saliency().get(j);
                    BufferedImage s = map == null ? null
                            : HeatmapRenderer.overlay(v.image(), map, e.imageSide(), salScale, true);
                    sal.add(s);
                    if (s != null) {
                        Path sf = dir.resolve(stem + "_saliency_" + viewName(v) + ".png");
                        String salTitle = c.label() + " " + v.stream() + " k" + (v.keyframe() + 1) + "  |"
                                + e.saliencyMethod() + "|";
                        pngs.add(() -> png(HeatmapRenderer.withBar(s, salTitle, salScale), sf));
                        written.add(sf);
                        row.put("saliencyPng", sf.getFileName().toString());
                    }
                }
                views.add(row);
            }
            List<BufferedImage> rows = sheetRows(e, c, maps, sal);
            Path sheet = dir.resolve(stem + "_sheet.png");
            pngs.add(() -> png(stack(rows, c, e), sheet));
            written.add(sheet);
            Path gif = dir.resolve(stem + ".gif");
            pngs.add(() -> {
                try {
                    writeGif(rows, gif);
                } catch (IOException x) {
                    throw new java.io.UncheckedIOException(x);
                }
            });
            written.add(gif);
            try {
                pngs.parallelStream().forEach(Runnable::run); // encoding is most of the writing; two cores halve it
            } catch (java.io.UncheckedIOException x) {
                throw x.getCause();
            }
            Map<String, Object> cls = new LinkedHashMap<>();
            cls.put("label", c.label());
            cls.put("probability", round(c.probability()));
            cls.put("score", c.score());
            if (!Double.isNaN(c.bias())) cls.put("bias", c.bias());
            cls.put("mapScale", scale);
            cls.put("sheet", sheet.getFileName().toString());
            cls.put("gif", gif.getFileName().toString());
            cls.put("views", views);
            classes.add(cls);
        }
        List<Map<String, Object>> activations = writeActivations(e, dir, written);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("video", e.video());
        json.put("frames", e.frames());
        json.put("warnings", e.warnings());
        json.put("method", Map.of("map", e.mapMethod(), "mapLayer", "last convolution, " + e.mapSide() + "x"
                        + e.mapSide(), "saliency", e.saliencyMethod() == null ? "not computed" : e.saliencyMethod(),
                "activation", e.activationMethod() + ", " + e.activationSide() + "x" + e.activationSide()));
        json.put("classes", classes);
        json.put("activations", activations);
        json.put("provenance", e.provenance());
        Path file = dir.resolve(JSON);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
        written.add(file);
        return written;
    }

    private static String viewName(Explanation.View v) {
        return (v.input() > 0 ? "input" + v.input() + "_" : "") + "k" + (v.keyframe() + 1) + "_" + v.stream();
    }

    /** One image per keyframe: its views side by side (maps, then saliency), with their shares. */
    private static List<BufferedImage> sheetRows(Explanation e, Explanation.ClassEvidence c, List<BufferedImage> maps,
                                                 List<BufferedImage> sal) {
        int keyframes = e.views().stream().mapToInt(v -> v.keyframe() + 1).max().orElse(0);
        List<List<Integer>> columns = new ArrayList<>(); // per column, the view index of each keyframe
        Map<String, List<Integer>> byColumn = new LinkedHashMap<>();
        for (int j = 0; j < e.views().size(); j++) {
            Explanation.View v = e.views().get(j);
            byColumn.computeIfAbsent(v.input() + "/" + v.stream(), k -> new ArrayList<>()).add(j);
        }
        columns.addAll(byColumn.values());
        int perRow = columns.size() * (sal.isEmpty() ? 1 : 2);
        List<BufferedImage> rows = new ArrayList<>();
        for (int k = 0; k < keyframes; k++) {
            BufferedImage row = new BufferedImage(perRow * TILE, TILE + 14, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = row.createGraphics();
            try {
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
                g.setColor(Color.WHITE);
                g.fillRect(0, 0, row.getWidth(), row.getHeight());
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
                for (int col = 0; col < columns.size(); col++) {
                    List<Integer> views = columns.get(col);
                    if (k >= views.size()) continue;
                    int j = views.get(k);
                    Explanation.View v = e.views().get(j);
                    g.drawImage(maps.get(j), col * TILE, 14, TILE, TILE, null);
                    g.setColor(Color.BLACK);
                    g.drawString(String.format(Locale.ROOT, "k%d f%d %s %.0f%%", k + 1, v.frame(), v.stream(),
                            100 * c.shares()[j]), col * TILE + 2, 11);
                    if (!sal.isEmpty()) {
                        int x = (columns.size() + col) * TILE;
                        if (sal.get(j) != null) {
                            g.drawImage(sal.get(j), x, 14, TILE, TILE, null);
                            g.drawString("k" + (k + 1) + " " + v.stream() + " saliency", x + 2, 11);
                        } else {
                            g.setColor(new Color(235, 235, 235));
                            g.fillRect(x, 14, TILE, TILE);
                            g.setColor(Color.GRAY);
                            g.drawString("k" + (k + 1) + " " + v.stream() + ": little evidence,", x + 4, 14 + TILE / 2);
                            g.drawString("no saliency computed", x + 4, 28 + TILE / 2);
                        }
                    }
                }
            } finally {
                g.dispose();
            }
            rows.add(row);
        }
        return rows;
    }

    private static BufferedImage stack(List<BufferedImage> rows, Explanation.ClassEvidence c, Explanation e) {
        int header = 20;
        int width = rows.get(0).getWidth() + HeatmapRenderer.BAR_WIDTH;
        int height = header + rows.stream().mapToInt(BufferedImage::getHeight).sum();
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
            g.drawString(String.format(Locale.ROOT, "%s  %s  p=%.2f  (%s; saliency: %s)", e.video(), c.label(),
                    c.probability(), e.mapMethod(), e.saliencyMethod() == null ? "off" : e.saliencyMethod()), 4, 14);
            int y = header;
            for (BufferedImage r : rows) {
                g.drawImage(r, 0, y, null);
                y += r.getHeight();
            }
            g.drawImage(HeatmapRenderer.colourBar(TILE, HeatmapRenderer.scaleOf(c.maps())), rows.get(0).getWidth(),
                    header + 14, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** PNG with fast deflate: the default level spends several times as long for files a few % smaller. */
    private static void png(BufferedImage image, Path file) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
            if (param.canWriteCompressed()) {
                param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(0.85f); // deflate level 1
            }
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException x) {
            throw new java.io.UncheckedIOException("cannot write " + file + ": " + x.getMessage(), x);
        } finally {
            writer.dispose();
        }
    }

    /** An animated GIF of the images, looping. */
    static void writeGif(List<BufferedImage> frames, Path file) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (int i = 0; i < frames.size(); i++) {
                BufferedImage f = frames.get(i);
                IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(f), null);
                String format = meta.getNativeMetadataFormatName();
                IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(format);
                IIOMetadataNode gce = child(root, "GraphicControlExtension");
                gce.setAttribute("disposalMethod", "none");
                gce.setAttribute("userInputFlag", "FALSE");
                gce.setAttribute("transparentColorFlag", "FALSE");
                gce.setAttribute("delayTime", String.valueOf(GIF_DELAY_CS));
                gce.setAttribute("transparentColorIndex", "0");
                if (i == 0) {
                    IIOMetadataNode apps = child(root, "ApplicationExtensions");
                    IIOMetadataNode app = new IIOMetadataNode("ApplicationExtension");
                    app.setAttribute("applicationID", "NETSCAPE");
                    app.setAttribute("authenticationCode", "2.0");
                    app.setUserObject(new byte[] {1, 0, 0}); // loop forever
                    apps.appendChild(app);
                }
                meta.setFromTree(format, root);
                writer.writeToSequence(new IIOImage(f, null, meta), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) return (IIOMetadataNode) root.item(i);
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }

    static String safe(String label) {
        String s = label.replaceAll("[^A-Za-z0-9._-]+", "_");
        return s.isEmpty() ? "class" : s;
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }
}
