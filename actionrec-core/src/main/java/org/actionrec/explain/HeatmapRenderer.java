package org.actionrec.explain;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Locale;
import org.actionrec.video.RgbFrame;

/**
 * Draws maps over the images they explain: a coarse S×S map is upsampled bilinearly to the image, its positive
 * part scaled by a given maximum (one scale for all views of a class, so views compare) and blended over the
 * image with a perceptual colour scale (dark purple → orange → yellow); with a colour bar beside it.
 */
public final class HeatmapRenderer {
    /** Colour stops of the scale, from 0 to 1 (after matplotlib's "inferno"). */
    private static final int[][] STOPS = {
            {0, 0, 4}, {40, 11, 84}, {101, 21, 110}, {159, 42, 99}, {212, 72, 66}, {245, 125, 21},
            {250, 193, 39}, {252, 255, 164}};
    static final int BAR_WIDTH = 46;

    private HeatmapRenderer() {
    }

    /** The colour of a value in 0..1. */
    public static int colour(double v) {
        double x = Math.max(0, Math.min(1, v)) * (STOPS.length - 1);
        int i = Math.min(STOPS.length - 2, (int) x);
        double t = x - i;
        int r = (int) Math.round(STOPS[i][0] + t * (STOPS[i + 1][0] - STOPS[i][0]));
        int g = (int) Math.round(STOPS[i][1] + t * (STOPS[i + 1][1] - STOPS[i][1]));
        int b = (int) Math.round(STOPS[i][2] + t * (STOPS[i + 1][2] - STOPS[i][2]));
        return (r << 16) | (g << 8) | b;
    }

    /** A coarse map upsampled to {@code size}×{@code size} (bilinear, cell centres on the cell grid). */
    public static float[] upsample(float[] map, int side, int size) {
        if (side == size) return map.clone();
        float[] out = new float[size * size];
        for (int y = 0; y < size; y++) {
            double fy = (y + 0.5) * side / size - 0.5;
            int y0 = (int) Math.floor(fy);
            double ty = fy - y0;
            int ya = clamp(y0, side);
            int yb = clamp(y0 + 1, side);
            for (int x = 0; x < size; x++) {
                double fx = (x + 0.5) * side / size - 0.5;
                int x0 = (int) Math.floor(fx);
                double tx = fx - x0;
                int xa = clamp(x0, side);
                int xb = clamp(x0 + 1, side);
                double top = map[ya * side + xa] * (1 - tx) + map[ya * side + xb] * tx;
                double bottom = map[yb * side + xa] * (1 - tx) + map[yb * side + xb] * tx;
                out[y * size + x] = (float) (top * (1 - ty) + bottom * ty);
            }
        }
        return out;
    }

    private static int clamp(int i, int side) {
        return Math.max(0, Math.min(side - 1, i));
    }

    /** The largest positive entry over several maps (1 where there is none): one scale for them all. */
    public static double scaleOf(Iterable<float[]> maps) {
        double max = 0;
        for (float[] m : maps) {
            for (float v : m) max = Math.max(max, v);
        }
        return max > 0 ? max : 1;
    }

    /** A robust scale for saliency: the 99th percentile of |values| over the maps (1 where all are 0). */
    public static double robustScale(Iterable<float[]> maps) {
        int n = 0;
        for (float[] m : maps) n += m.length;
        float[] abs = new float[n];
        int i = 0;
        for (float[] m : maps) {
            for (float v : m) abs[i++] = Math.abs(v);
        }
        Arrays.sort(abs);
        double q = n == 0 ? 0 : abs[Math.min(n - 1, (int) (0.99 * n))];
        return q > 0 ? q : 1;
    }

    /**
     * The image with the map's positive part blended over it.
     *
     * @param map   S×S (or image-sized) values
     * @param scale the value drawn at full colour
     * @param absolute whether to draw |values| (saliency) instead of the positive part (class evidence)
     */
    public static BufferedImage overlay(RgbFrame image, float[] map, int side, double scale, boolean absolute) {
        int w = image.width();
        float[] up = upsample(map, side, w);
        BufferedImage out = new BufferedImage(w, image.height(), BufferedImage.TYPE_INT_RGB);
        int[] rgb = ((java.awt.image.DataBufferInt) out.getRaster().getDataBuffer()).getData();
        byte[] px = image.pixels();
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < w; x++) {
                float raw = up[y * w + x];
                double v = (absolute ? Math.abs(raw) : Math.max(0, raw)) / scale;
                v = Math.min(1, v);
                int c = colour(v);
                double a = 0.75 * v; // the image unchanged where there is no evidence
                int i = (y * w + x) * 3;
                int r = (int) Math.round((1 - a) * (px[i] & 0xff) + a * ((c >> 16) & 0xff));
                int g = (int) Math.round((1 - a) * (px[i + 1] & 0xff) + a * ((c >> 8) & 0xff));
                int b = (int) Math.round((1 - a) * (px[i + 2] & 0xff) + a * (c & 0xff));
                rgb[y * w + x] = (r << 16) | (g << 8) | b;
            }
        }
        return out;
    }

    /** {@code picture} with a title above and a colour bar from 0 to {@code scale} at its right. */
    public static BufferedImage withBar(BufferedImage picture, String title, double scale) {
        int titleHeight = 18;
        int w = picture.getWidth() + BAR_WIDTH;
        int h = picture.getHeight() + titleHeight;
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            g.drawImage(picture, 0, titleHeight, null);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            g.drawString(title, 3, 13);
            g.drawImage(colourBar(picture.getHeight(), scale), picture.getWidth(), titleHeight, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** A colour bar {@link #BAR_WIDTH} wide: the scale from 0 (bottom) to {@code scale} (top), labelled. */
    public static BufferedImage colourBar(int height, double scale) {
        BufferedImage out = new BufferedImage(BAR_WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, BAR_WIDTH, height);
            int top = 6;
            int barHeight = Math.max(2, height - 12);
            for (int y = 0; y < barHeight; y++) {
                g.setColor(new Color(colour(1 - (double) y / (barHeight - 1))));
                g.fillRect(4, top + y, 10, 1);
            }
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 9));
            g.drawString(format(scale), 16, top + 8);
            g.drawString("0", 16, top + barHeight);
        } finally {
            g.dispose();
        }
        return out;
    }

    static String format(double v) {
        double a = Math.abs(v);
        return a != 0 && (a < 0.01 || a >= 1000) ? String.format(Locale.ROOT, "%.1e", v)
                : String.format(Locale.ROOT, "%.3g", v);
    }
}
