package org.actionrec.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.EnumSet;
import org.actionrec.streams.Stream;
import org.junit.jupiter.api.Test;

/** Each model's defaults, and the combinations a recipe refuses. */
class ModelRecipeTest {
    private static final Path BACKBONE = Path.of("mobilenet_v2_features.pt");

    @Test
    void everyModelHasDefaults() {
        for (String name : ModelRecipe.NAMES) {
            ModelRecipe r = ModelRecipe.defaults(name, BACKBONE);
            assertThat(r.model()).isEqualTo(name);
            assertThat(r.streams().keyframes()).isEqualTo(r.frames());
        }
        assertThat(ModelRecipe.defaults("nbtl", BACKBONE).spec().name()).isEqualTo(SequenceModels.FINETUNE);
        assertThat(ModelRecipe.defaults("finetune", BACKBONE).spec().mirror()).isFalse();
    }

    @Test
    void inputOfAgreesWithEveryModelsRecipe() {
        Path ts = Path.of("backbone.pt");
        for (String name : ModelRecipe.NAMES) {
            assertThat(ModelRecipe.inputOf(name)).as(name).isEqualTo(ModelRecipe.defaults(name, ts).input());
        }
        assertThat(ModelRecipe.inputOf("late-fusion")).isEqualTo(ModelRecipe.Input.DESCRIPTORS);
        assertThatThrownBy(() -> ModelRecipe.inputOf("svm")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pixelModelsStoreTheirOwnFrameSizes() {
        // the sizes are part of the feature store's key: a change would re-extract every clip
        assertThat(ModelRecipe.defaults("c3d-small", null).pixelBackbone().info().sha256())
                .isEqualTo("identity-64-from-72");
        assertThat(ModelRecipe.defaults("finetune", BACKBONE).pixelBackbone().info().sha256())
                .isEqualTo("identity-224-from-256");
        assertThatThrownBy(() -> ModelRecipe.defaults("lrcn", null).pixelBackbone())
                .hasMessageContaining("does not read pixels");
    }

    @Test
    void finetuneNeedsItsBackboneFile() {
        assertThatThrownBy(() -> ModelRecipe.defaults("finetune", null)).hasMessageContaining("TorchScript");
    }

    @Test
    void mirroringRefusesFlowX() {
        ModelRecipe finetune = ModelRecipe.defaults("finetune", BACKBONE);
        ModelRecipe mirrored = finetune.withSpec(finetune.spec().withMirror(true));
        assertThat(mirrored.withStreams(EnumSet.of(Stream.FLOW_Y)).spec().mirror()).isTrue();
        assertThatThrownBy(() -> mirrored.withStreams(EnumSet.of(Stream.FLOW_X))).hasMessageContaining("flow_x");
        ModelRecipe flowX = finetune.withStreams(EnumSet.of(Stream.FLOW_X));
        assertThatThrownBy(() -> flowX.withSpec(flowX.spec().withMirror(true))).hasMessageContaining("flow_x");
        assertThatThrownBy(() -> ModelRecipe.defaults("lrcn", null).spec().withMirror(true))
                .hasMessageContaining("finetune only");
    }

    @Test
    void pixelModelsReadRgbOnly() {
        assertThatThrownBy(() -> ModelRecipe.defaults("c3d-small", null).withStreams(EnumSet.of(Stream.MHI)))
                .hasMessageContaining("rgb");
        assertThatThrownBy(() -> ModelRecipe.defaults("finetune", BACKBONE)
                .withStreams(EnumSet.of(Stream.RGB, Stream.MHI))).hasMessageContaining("one stream");
    }
}
