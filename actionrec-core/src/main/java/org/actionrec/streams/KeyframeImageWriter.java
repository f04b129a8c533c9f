package org.actionrec.streams;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.actionrec.video.GreyFrame;
import org.actionrec.video.RgbFrame;

/** Writes keyframe images as PNG files a person can open: {@code kf<k>_frame<i>_<stream>.png}. */
public final class KeyframeImageWriter {
    private KeyframeImageWriter() {
    }

    /** Writes every image of {@code images} into {@code dir} (created if needed); returns the files in order. */
    public static List<Path> writePng(KeyframeImages images, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        int[] keys = images.keyframes();
        for (int k = 0; k < keys.length; k++) {
            String prefix = String.format(Locale.ROOT, "kf%d_frame%04d_", k, keys[k]);
            if (!images.rgb().isEmpty()) {
                files.add(write(toImage(images.rgb().get(k)), dir.resolve(prefix + Stream.RGB.id() + ".png")));
            }
            for (var e : images.grey().entrySet()) {
                files.add(write(toImage(e.getValue().get(k)), dir.resolve(prefix + e.getKey().id() + ".png")));
            }
        }
        return files;
    }

    private static Path write(BufferedImage img, Path file) throws IOException {
        if (!ImageIO.write(img, "png", file.toFile())) {
            throw new IOException("no PNG writer available for " + file);
        }
        return file;
    }

    /** The frame as an image Java2D and ImageIO take. */
    public static BufferedImage toImage(RgbFrame f) {
        BufferedImage img = new BufferedImage(f.width(), f.height(), BufferedImage.TYPE_3BYTE_BGR);
        byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        byte[] src = f.pixels();
        for (int i = 0; i < src.length; i += 3) {
            dst[i] = src[i + 2];
            dst[i + 1] = src[i + 1];
            dst[i + 2] = src[i];
        }
        return img;
    }

    static BufferedImage toImage(GreyFrame f) {
        BufferedImage img = new BufferedImage(f.width(), f.height(), BufferedImage.TYPE_BYTE_GRAY);
        byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        System.arraycopy(f.pixels(), 0, dst, 0, dst.length);
        return img;
    }
}
