package org.actionrec.backbone;

import java.nio.FloatBuffer;

/**
 * The identity "backbone": each preprocessed image is its own descriptor (3·S·S floats, CHW). It lets models
 * that learn from pixels (c3d-small, finetune) reuse the extraction pipeline and feature store: decoded,
 * resized, cropped and normalised frames are stored once and read back for every epoch.
 */
public final class PixelBackbone implements Backbone {
    private final BackboneInfo info;

    /**
     * @param crop   side of the stored square image
     * @param resize shorter side the frame is resized to before the centre crop
     */
    public PixelBackbone(int crop, int resize) {
        int size = 3 * crop * crop;
        BackboneSpec spec = new BackboneSpec("pixels-" + crop, crop, resize, BackboneSpec.IMAGENET_MEAN,
                BackboneSpec.IMAGENET_STD, size, "the normalised image itself", "pixels");
        // no file: the name carries the sizes, and the sha256 field names the transform, for the store's key
        this.info = new BackboneInfo(spec.name(), "", key(crop, resize), "", null, "", "",
                spec, size, 0, BackboneOptions.DEFAULT_BATCH_SIZE);
    }

    private static final java.util.regex.Pattern KEY = java.util.regex.Pattern.compile("identity-(\\d+)-from-(\\d+)");

    private static String key(int crop, int resize) {
        return "identity-" + crop + "-from-" + resize;
    }

    /**
     * The pixel backbone a model file names by its key (what {@link BackboneInfo#sha256()} holds for it), for
     * models that learnt from pixels; empty for a key of a real backbone file.
     */
    public static java.util.Optional<PixelBackbone> forKey(String key) {
        java.util.regex.Matcher m = KEY.matcher(key == null ? "" : key);
        if (!m.matches()) return java.util.Optional.empty();
        return java.util.Optional.of(new PixelBackbone(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
    }

    @Override
    public BackboneInfo info() {
        return info;
    }

    @Override
    public float[][] extract(FloatBuffer images, int count) {
        requireImages(count, images.remaining());
        int per = floatsPerImage();
        FloatBuffer in = images.duplicate();
        float[][] out = new float[count][per];
        for (float[] row : out) {
            in.get(row);
        }
        return out;
    }

    @Override
    public void close() {
        // nothing native
    }
}
