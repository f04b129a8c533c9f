package org.actionrec.model.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import java.nio.file.Path;
import java.util.EnumSet;
import org.actionrec.model.ModelKind;
import org.actionrec.model.TrainableKind;
import org.actionrec.modelfile.ModelManifest;
import org.actionrec.streams.Stream;
import org.actionrec.train.ModelRecipe;
import org.actionrec.train.SequenceModels;
import org.junit.jupiter.api.Test;

/** Every kind the registry holds: ids, defaults, inputs, and the combinations a recipe refuses. */
class ModelKindsTest {
    private static final Path BACKBONE = Path.of("mobilenet_v2_features.pt");

    @Test
    void everyModelHasDefaults() {
        assertThat(ModelKinds.trainableIds()).containsExactly("finetune", "nbtl", "late-fusion", "lrcn",
                "temporal-conv", "c3d-small");
        for (String name : ModelKinds.trainableIds()) {
            ModelRecipe r = ModelKinds.trainable(name).recipe(BACKBONE);
            assertThat(r.model()).isEqualTo(name);
            assertThat(r.streams().keyframes()).isEqualTo(r.frames());
        }
        assertThat(ModelKinds.trainable("nbtl").recipe(BACKBONE).spec().name()).isEqualTo(SequenceModels.FINETUNE);
        assertThat(ModelKinds.trainable("finetune").recipe(BACKBONE).spec().mirror()).isFalse();
    }

    @Test
    void everyKindIsFoundByItsIdAndItsRecipeReadsItsInput() {
        for (ModelKind kind : ModelKinds.all()) {
            assertThat(ModelKinds.find(kind.id())).as(kind.id()).containsSame(kind);
            if (kind instanceof TrainableKind t) {
                assertThat(t.recipe(BACKBONE).input()).as(kind.id()).isEqualTo(kind.input());
            }
        }
        assertThat(ModelKinds.find("frozen-svm-pool").orElseThrow().input()).isEqualTo(ModelRecipe.Input.DESCRIPTORS);
        assertThat(ModelKinds.trainable("LRCN").id()).isEqualTo("lrcn");
        assertThatThrownBy(() -> ModelKinds.trainable("svm")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("known: [finetune, nbtl");
        assertThatThrownBy(() -> ModelKinds.trainable("frozen-svm-pool")).hasMessageContaining("unknown model");
    }

    @Test
    void pixelModelsStoreTheirOwnFrameSizes() {
        // the sizes are part of the feature store's key: a change would re-extract every clip
        assertThat(ModelKinds.trainable("c3d-small").pixels().orElseThrow().info().sha256())
                .isEqualTo("identity-64-from-72");
        assertThat(ModelKinds.trainable("finetune").pixels().orElseThrow().info().sha256())
                .isEqualTo("identity-224-from-256");
        assertThat(ModelKinds.trainable("lrcn").pixels()).isEmpty();
        // and a model file naming such a key opens the same pixel backbone, with no file
        ModelManifest.BackboneRef ref = new ModelManifest.BackboneRef("pixels-64", "", "identity-64-from-72", 0, null);
        assertThat(ModelKinds.trainable("c3d-small").builtInBackbone(ref)).get()
                .satisfies(b -> assertThat(b.info().sha256()).isEqualTo("identity-64-from-72"));
        assertThat(ModelKinds.trainable("lrcn").builtInBackbone(ref)).isEmpty();
    }

    @Test
    void finetuneNeedsItsBackboneFile() {
        assertThatThrownBy(() -> ModelKinds.trainable("finetune").recipe(null)).hasMessageContaining("TorchScript");
    }

    @Test
    void mirroringRefusesFlowX() {
        ModelRecipe finetune = ModelKinds.trainable("finetune").recipe(BACKBONE);
        ModelRecipe mirrored = finetune.withSpec(finetune.spec().withMirror(true));
        assertThat(mirrored.withStreams(EnumSet.of(Stream.FLOW_Y)).spec().mirror()).isTrue();
        assertThatThrownBy(() -> mirrored.withStreams(EnumSet.of(Stream.FLOW_X))).hasMessageContaining("flow_x");
        ModelRecipe flowX = finetune.withStreams(EnumSet.of(Stream.FLOW_X));
        assertThatThrownBy(() -> flowX.withSpec(flowX.spec().withMirror(true))).hasMessageContaining("flow_x");
        assertThatThrownBy(() -> ModelKinds.trainable("lrcn").recipe(null).spec().withMirror(true))
                .hasMessageContaining("finetune only");
    }

    @Test
    void pixelModelsReadRgbOnly() {
        assertThatThrownBy(() -> ModelKinds.trainable("c3d-small").recipe(null).withStreams(EnumSet.of(Stream.MHI)))
                .hasMessageContaining("rgb");
        assertThatThrownBy(() -> ModelKinds.trainable("finetune").recipe(BACKBONE)
                .withStreams(EnumSet.of(Stream.RGB, Stream.MHI))).hasMessageContaining("one stream");
    }
}
