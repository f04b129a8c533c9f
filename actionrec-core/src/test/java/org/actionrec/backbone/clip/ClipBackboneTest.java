package org.actionrec.backbone.clip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.actionrec.backbone.BackboneLoadException;
import org.actionrec.backbone.BackboneOptions;
import org.actionrec.backbone.BackboneSpec;
import org.actionrec.backbone.onnx.OnnxIr.ModelProto;
import org.actionrec.backbone.onnx.OnnxModelFile;
import org.actionrec.transform.ImagePreprocessing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClipBackboneTest {
    private static final int T = 4;
    private static final int SIDE = 16;
    private static final BackboneOptions OPTIONS = BackboneOptions.defaults().withIntraOpThreads(1).withPreferredBatchSize(2);

    @TempDir
    Path tmp;

    private static ClipBackboneSpec spec(ClipLayout layout, int frames, int embedding) {
        return new ClipBackboneSpec("test", layout, frames, 2, new ImagePreprocessing(SIDE, SIDE,
                BackboneSpec.IMAGENET_MEAN, BackboneSpec.IMAGENET_STD), embedding);
    }

    private Path write(ModelProto model, String name, ClipBackboneSpec spec) throws Exception {
        Path file = tmp.resolve(name);
        OnnxModelFile.write(model, file);
        if (spec != null) spec.write(ClipBackboneSpec.besideModel(file));
        return file;
    }

    private static float[] clips(int count, long seed) {
        Random r = new Random(seed);
        float[] v = new float[count * T * 3 * SIDE * SIDE];
        for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
        return v;
    }

    /** The mean of channel {@code ch} of frame {@code f} of clip {@code c} in the caller's [N,T,3,S,S] layout. */
    private static double frameMean(float[] clips, int c, int f, int ch) {
        int plane = SIDE * SIDE;
        int at = ((c * T + f) * 3 + ch) * plane;
        double s = 0;
        for (int k = 0; k < plane; k++) s += clips[at + k];
        return s / plane;
    }

    @Test
    void ncthwModelsGetEachFrameOfEachClipWhereTheirLayoutSays() throws Exception {
        Path file = write(ClipOnnxModels.ncthwProbe(T, SIDE), "probe.onnx", spec(ClipLayout.NCTHW, T, 3 * T));
        float[] clips = clips(3, 1);
        try (ClipBackbone b = ClipBackbone.open(file, OPTIONS)) {
            float[][] e = b.embed(clips, 3);
            assertThat(e).hasNumberOfRows(3);
            for (int c = 0; c < 3; c++) {
                for (int ch = 0; ch < 3; ch++) {
                    for (int f = 0; f < T; f++) {
                        assertThat(e[c][ch * T + f]).as("clip %d channel %d frame %d", c, ch, f)
                                .isCloseTo((float) frameMean(clips, c, f, ch), within(1e-5f));
                    }
                }
            }
        }
    }

    @Test
    void tsmModelsGetEachClipsFramesTogetherAndAreAveragedOverThem() throws Exception {
        Path file = write(ClipOnnxModels.tsmProbe(SIDE), "tsm_probe.onnx", spec(ClipLayout.TSM, T, 3));
        float[] clips = clips(3, 2);
        try (ClipBackbone b = ClipBackbone.open(file, OPTIONS)) {
            float[][] e = b.embed(clips, 3);
            for (int c = 0; c < 3; c++) {
                for (int ch = 0; ch < 3; ch++) {
                    double want = 0;
                    for (int f = 0; f < T; f++) want += frameMean(clips, c, f, ch) / T;
                    assertThat(e[c][ch]).isCloseTo((float) want, within(1e-5f));
                }
            }
        }
    }

    @Test
    void anX3dShapedAndATsmShapedNetworkGiveTheirDeclaredEmbeddingsWhateverTheBatch() throws Exception {
        Path x3d = write(ClipOnnxModels.x3dShaped(T, SIDE, 3), "x3d_shaped.onnx", spec(ClipLayout.NCTHW, T, 12));
        Path tsm = write(ClipOnnxModels.tsmShaped(T, SIDE, 4), "tsm_shaped.onnx", spec(ClipLayout.TSM, T, 10));
        float[] clips = clips(3, 5);
        for (Path file : new Path[] {x3d, tsm}) {
            try (ClipBackbone b = ClipBackbone.open(file, OPTIONS)) {
                assertThat(b.embeddingSize()).isEqualTo(file == x3d ? 12 : 10);
                assertThat(b.info().sha256()).hasSize(64);
                float[][] together = b.embed(clips, 3);
                float[] alone = b.embed(java.util.Arrays.copyOfRange(clips, 2 * b.spec().floatsPerClip(),
                        3 * b.spec().floatsPerClip()), 1)[0];
                assertThat(together[2]).as(file.getFileName().toString()).containsExactly(alone, within(1e-5f));
                // the frames' order matters: the network mixes a clip's frames in time
                float[] reversed = clips.clone();
                int frame = 3 * SIDE * SIDE;
                for (int f = 0; f < T; f++) {
                    System.arraycopy(clips, f * frame, reversed, (T - 1 - f) * frame, frame);
                }
                assertThat(b.embed(reversed, 1)[0]).as(file.getFileName().toString()).isNotEqualTo(together[0]);
            }
        }
    }

    @Test
    void aWrongLayoutClipLengthSizeOrMissingSpecIsRefusedSayingWhat() throws Exception {
        Path x3d = write(ClipOnnxModels.x3dShaped(T, SIDE, 3), "x3d_shaped.onnx", null);
        assertThatThrownBy(() -> ClipBackbone.open(x3d, OPTIONS)).isInstanceOf(BackboneLoadException.class)
                .hasMessageContaining("x3d_shaped.clip.json").hasMessageContaining("clip_length");
        assertThatThrownBy(() -> ClipBackbone.open(x3d, spec(ClipLayout.TSM, T, 12), OPTIONS))
                .hasMessageContaining("[?,3,4,16,16]").hasMessageContaining("rank 4")
                .hasMessageContaining("\"layout\": \"ncthw\"");
        assertThatThrownBy(() -> ClipBackbone.open(x3d, spec(ClipLayout.NCTHW, 8, 12), OPTIONS))
                .hasMessageContaining("clip_length 8 in dimension 2");
        assertThatThrownBy(() -> ClipBackbone.open(x3d, spec(ClipLayout.NCTHW, T, 16), OPTIONS))
                .hasMessageContaining("12 floats").hasMessageContaining("embedding_size says 16");
        Path tsm = write(ClipOnnxModels.tsmShaped(T, SIDE, 4), "tsm_shaped.onnx", null);
        assertThatThrownBy(() -> ClipBackbone.open(tsm, spec(ClipLayout.NCTHW, T, 10), OPTIONS))
                .hasMessageContaining("rank 5").hasMessageContaining("\"layout\": \"tsm\"");
        // a TSM network whose shift reshapes by another clip length fails on its first clip, naming the layout
        assertThatThrownBy(() -> ClipBackbone.open(tsm, spec(ClipLayout.TSM, 3, 10), OPTIONS))
                .hasMessageContaining("does not take a clip as tsm [N*3,3,16,16]");
    }

    @Test
    void specFilesNameTheFieldThatIsWrong() throws Exception {
        Path file = tmp.resolve("m.clip.json");
        spec(ClipLayout.TSM, 8, 2048).write(file);
        assertThat(ClipBackboneSpec.read(file)).satisfies(s -> {
            assertThat(s.layout()).isEqualTo(ClipLayout.TSM);
            assertThat(s.clipLength()).isEqualTo(8);
            assertThat(s.span()).isEqualTo(15);
        });
        String good = Files.readString(file);
        Files.writeString(file, good.replace("\"tsm\"", "\"nchw\""));
        assertThatThrownBy(() -> ClipBackboneSpec.read(file)).hasMessageContaining("unknown clip layout 'nchw'");
        Files.writeString(file, good.replace("\"clip_length\"", "\"frames\""));
        assertThatThrownBy(() -> ClipBackboneSpec.read(file)).hasMessageContaining("clip_length is missing");
        Files.writeString(file, good.replace("\"name\"", "\"colour\" : 1, \"name\""));
        assertThatThrownBy(() -> ClipBackboneSpec.read(file)).hasMessageContaining("colour");
        Files.writeString(file, good.replace("\"frame_stride\" : 2", "\"frame_stride\" : 0"));
        assertThatThrownBy(() -> ClipBackboneSpec.read(file)).hasMessageContaining("frame_stride must be at least 1");
        Files.writeString(file, "{ not json");
        assertThatThrownBy(() -> ClipBackboneSpec.read(file)).isInstanceOf(BackboneLoadException.class)
                .hasMessageContaining("m.clip.json");
    }
}
