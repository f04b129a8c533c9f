package org.actionrec.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.actionrec.SharedData;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The backbones on the shared MobileNetV2 files: real weights, real photos, both engines. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class MobileNetV2BackboneTest {
    private static final Logger LOG = LoggerFactory.getLogger(MobileNetV2BackboneTest.class);
    private static final BackboneSpec SPEC = BackboneRegistry.standard().require("mobilenet_v2");

    @TempDir
    Path tmp;

    private Path dir;
    private Backbone onnx;
    private Backbone torch;

    @BeforeAll
    void loadBoth() throws Exception {
        dir = SharedData.mobilenetV2();
        BackboneOptions options = BackboneOptions.defaults().withIntraOpThreads(2).withPreferredBatchSize(8);
        onnx = Backbones.open(dir.resolve("mobilenet_v2_features.onnx"), SPEC, options);
        torch = Backbones.open(dir.resolve("mobilenet_v2_features.pt"), SPEC, options);
    }

    @AfterAll
    void closeBoth() {
        if (onnx != null) {
            onnx.close();
        }
        if (torch != null) {
            torch.close();
        }
    }

    @Test
    void int8ClassifierNamesTheSanityPhotos() throws Exception {
        List<String> classes = Files.readAllLines(dir.resolve("imagenet_classes.txt"));
        float[] batch = concat(preprocess(dir.resolve("sanity/parrot.jpg")), preprocess(dir.resolve("sanity/dog.jpg")));
        // A classifier file through the same interface: [N,1000] logits instead of [N,1280] features.
        // This file was traced with a reshape to [1, -1], so it takes one image per forward pass.
        try (Backbone classifier = Backbones.open(dir.resolve("mobilenet_v2_int8_imagenet.pt"), SPEC,
                BackboneOptions.defaults().withPreferredBatchSize(1))) {
            assertThat(classifier.descriptorSize()).isEqualTo(1000);
            float[][] logits = classifier.extract(batch, 2);
            assertThat(classes.get(argmax(logits[0]))).isEqualTo("macaw");
            assertThat(classes.get(argmax(logits[1]))).startsWith("Samoyed");
            assertThat(softmax(logits[0])[argmax(logits[0])]).isGreaterThan(0.9f);
        }
    }

    @Test
    void torchScriptAndOnnxGiveTheSameDescriptors() throws Exception {
        float[] batch = concat(preprocess(dir.resolve("sanity/parrot.jpg")), preprocess(dir.resolve("sanity/dog.jpg")),
                randomImages(1, 7));
        float[][] a = onnx.extract(batch, 3);
        float[][] b = torch.extract(batch, 3);
        assertThat(onnx.descriptorSize()).isEqualTo(1280);
        assertThat(torch.descriptorSize()).isEqualTo(1280);
        assertThat(a).hasDimensions(3, 1280);
        assertThat(b).hasDimensions(3, 1280);
        float maxAbs = 0;
        float maxValue = 0;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 1280; j++) {
                maxAbs = Math.max(maxAbs, Math.abs(a[i][j] - b[i][j]));
                maxValue = Math.max(maxValue, Math.abs(a[i][j]));
            }
        }
        LOG.info("ONNX vs TorchScript MobileNetV2 features: max |diff| {} (max |value| {})", maxAbs, maxValue);
        assertThat(maxValue).isGreaterThan(0.5f); // not all zeros
        assertThat(maxAbs).isLessThan(1e-3f);
        // Different photos give different descriptors.
        assertThat(cosine(a[0], a[1])).isLessThan(0.9);
    }

    @Test
    void aBatchOfFiveEqualsFiveBatchesOfOne() throws Exception {
        float[] images = randomImages(5, 42);
        int per = SPEC.floatsPerImage();
        for (Backbone backbone : List.of(onnx, torch)) {
            float[][] together = backbone.extract(images, 5);
            for (int i = 0; i < 5; i++) {
                float[] one = new float[per];
                System.arraycopy(images, i * per, one, 0, per);
                float[] alone = backbone.extract(one, 1)[0];
                for (int j = 0; j < alone.length; j++) {
                    assertThat(together[i][j]).as("%s image %d feature %d", backbone, i, j)
                            .isCloseTo(alone[j], within(1e-4f));
                }
            }
        }
    }

    @Test
    void callsLargerThanTheBatchAreSplitAndBuffersAreReadFromTheirPosition() throws Exception {
        float[] images = randomImages(11, 3);
        try (Backbone small = Backbones.open(dir.resolve("mobilenet_v2_features.onnx"), SPEC,
                BackboneOptions.defaults().withPreferredBatchSize(4))) {
            float[][] split = small.extract(images, 11);
            float[][] whole = onnx.extract(images, 11);
            assertThat(split).hasDimensions(11, 1280);
            for (int i = 0; i < 11; i++) {
                assertThat(split[i]).containsExactly(whole[i], within(1e-4f));
            }
            // A FloatBuffer positioned at image 6: the result is images 6..7, and the position is left alone.
            FloatBuffer buffer = FloatBuffer.wrap(images);
            buffer.position(6 * SPEC.floatsPerImage());
            float[][] fromBuffer = small.extract(buffer, 2);
            assertThat(buffer.position()).isEqualTo(6 * SPEC.floatsPerImage());
            assertThat(fromBuffer[0]).containsExactly(whole[6], within(1e-4f));
            assertThat(fromBuffer[1]).containsExactly(whole[7], within(1e-4f));
        }
    }

    @Test
    void provenanceNamesFileDigestAndEngine() {
        BackboneInfo info = onnx.info();
        assertThat(info.name()).isEqualTo("mobilenet_v2");
        assertThat(info.sha256()).isEqualTo("05ea44f184f52f8ca0cad2a84fa36e8a2a2bd9d9c6cc324a7c42d28cf37efb36");
        assertThat(info.file()).endsWith("mobilenet_v2_features.onnx");
        assertThat(info.engine()).isEqualTo(BackboneEngine.ONNX_RUNTIME);
        assertThat(info.engineVersion()).isNotBlank();
        assertThat(info.spec()).isEqualTo(SPEC);
        assertThat(info.descriptorSize()).isEqualTo(1280);
        assertThat(torch.info().engine()).isEqualTo(BackboneEngine.PYTORCH);
        assertThat(torch.info().sha256()).isEqualTo("08c5818e38ca1eea1c61dd23710a96e944fcb23696dc459c716b75e6c27655fb");
    }

    @Test
    void resolvingByNameFindsTheOnnxFileInTheBackbonesFolder() throws Exception {
        ModelResolver resolver = new ModelResolver(ModelResolverConfig.of(dir.getParent(), tmp.resolve("cache")));
        try (Backbone b = Backbones.open("mobilenet_v2", resolver, BackboneRegistry.standard(),
                BackboneOptions.defaults())) {
            assertThat(b.info().engine()).isEqualTo(BackboneEngine.ONNX_RUNTIME);
            assertThat(b.info().reference()).isEqualTo("mobilenet_v2");
            assertThat(b.spec()).isEqualTo(SPEC);
        }
    }

    @Test
    void anUnknownExtensionNeedsAnExplicitEngine() throws Exception {
        // A link in a temporary folder, not a copy: the model file stays where it is.
        Path link = Files.createSymbolicLink(tmp.resolve("mobilenet_v2.model"), dir.resolve("mobilenet_v2_features.onnx"));
        assertThatThrownBy(() -> Backbones.open(link, SPEC, BackboneOptions.defaults()))
                .isInstanceOf(BackboneLoadException.class).hasMessageContaining(link.toString())
                .hasMessageContaining(".onnx");
        try (Backbone b = Backbones.open(link, SPEC, BackboneOptions.defaults().withEngine(BackboneEngine.ONNX_RUNTIME))) {
            assertThat(b.descriptorSize()).isEqualTo(1280);
            assertThat(b.info().sha256()).isEqualTo(onnx.info().sha256());
        }
    }

    @Test
    void aFileThatIsNotAModelIsATypedErrorNamingIt() throws Exception {
        Path junk = Files.writeString(tmp.resolve("broken_features.onnx"), "this is not an ONNX graph");
        assertThatThrownBy(() -> Backbones.open(junk, SPEC, BackboneOptions.defaults()))
                .isInstanceOf(BackboneLoadException.class).hasMessageContaining(junk.toString());
        Path junkPt = Files.writeString(tmp.resolve("broken_features.pt"), "this is not TorchScript");
        assertThatThrownBy(() -> Backbones.open(junkPt, SPEC, BackboneOptions.defaults()))
                .isInstanceOf(BackboneLoadException.class).hasMessageContaining(junkPt.toString());
    }

    @Test
    void wrongInputSizeIsRejectedBeforeTheEngine() {
        assertThatThrownBy(() -> onnx.extract(new float[SPEC.floatsPerImage() * 2 - 1], 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("301056");
    }

    @Test
    void onnxThroughputAtBatchEight() throws Exception {
        float[] images = randomImages(8, 9);
        onnx.extract(images, 8); // warm-up
        int rounds = 5;
        long start = System.nanoTime();
        for (int r = 0; r < rounds; r++) {
            onnx.extract(images, 8);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        LOG.info("ONNX Runtime MobileNetV2 features, batch 8, 2 intra-op threads: {} images/s",
                String.format("%.0f", rounds * 8 / seconds));
    }

    // ---- a minimal private version of the project's transform: resize 256, centre crop 224, RGB, ImageNet norm

    public static float[] preprocess(Path image) {
        Mat bgr = opencv_imgcodecs.imread(image.toString());
        assertThat(bgr.empty()).as("decoded %s", image).isFalse();
        int w = bgr.cols();
        int h = bgr.rows();
        double scale = 256.0 / Math.min(w, h);
        // torchvision Resize(256): the shorter side becomes 256, the longer one int(256 * long / short).
        int nw = w <= h ? 256 : (int) (256L * w / h);
        int nh = h <= w ? 256 : (int) (256L * h / w);
        Mat resized = new Mat();
        opencv_imgproc.resize(bgr, resized, new Size(nw, nh), scale, scale, opencv_imgproc.INTER_LINEAR);
        int top = (int) Math.round((nh - 224) / 2.0);
        int left = (int) Math.round((nw - 224) / 2.0);
        Mat crop = new Mat(resized, new Rect(left, top, 224, 224)).clone();
        Mat rgb = new Mat();
        opencv_imgproc.cvtColor(crop, rgb, opencv_imgproc.COLOR_BGR2RGB);
        float[] mean = SPEC.mean();
        float[] std = SPEC.std();
        float[] chw = new float[3 * 224 * 224];
        try (UByteIndexer px = rgb.createIndexer()) {
            for (int y = 0; y < 224; y++) {
                for (int x = 0; x < 224; x++) {
                    for (int c = 0; c < 3; c++) {
                        chw[c * 224 * 224 + y * 224 + x] = (px.get(y, x, c) / 255f - mean[c]) / std[c];
                    }
                }
            }
        }
        return chw;
    }

    static float[] randomImages(int n, long seed) {
        Random random = new Random(seed);
        float[] images = new float[n * SPEC.floatsPerImage()];
        for (int i = 0; i < images.length; i++) {
            images[i] = (float) random.nextGaussian();
        }
        return images;
    }

    private static float[] concat(float[]... parts) {
        int total = 0;
        for (float[] p : parts) {
            total += p.length;
        }
        float[] all = new float[total];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    private static float[] softmax(float[] v) {
        float max = v[argmax(v)];
        double sum = 0;
        float[] p = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            p[i] = (float) Math.exp(v[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < v.length; i++) {
            p[i] /= (float) sum;
        }
        return p;
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
