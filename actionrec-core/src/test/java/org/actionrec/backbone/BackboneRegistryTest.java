package org.actionrec.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class BackboneRegistryTest {
    private final BackboneRegistry registry = BackboneRegistry.standard();

    @Test
    void holdsThePapersBackbonesWithTheirDescriptorSizes() {
        assertThat(registry.names()).containsExactly("alexnet", "vgg16", "vgg19", "googlenet", "resnet18", "resnet50",
                "resnet101", "resnet152", "mobilenet_v2");
        assertThat(registry.require("alexnet").descriptorSize()).isEqualTo(4096);
        assertThat(registry.require("vgg16").descriptorSize()).isEqualTo(4096);
        assertThat(registry.require("vgg19").descriptorSize()).isEqualTo(4096);
        assertThat(registry.require("googlenet").descriptorSize()).isEqualTo(1024);
        assertThat(registry.require("resnet18").descriptorSize()).isEqualTo(512);
        assertThat(registry.require("resnet50").descriptorSize()).isEqualTo(2048);
        assertThat(registry.require("resnet101").descriptorSize()).isEqualTo(2048);
        assertThat(registry.require("ResNet152").descriptorSize()).isEqualTo(2048);
        assertThat(registry.require("mobilenet_v2").descriptorSize()).isEqualTo(1280);
        for (String name : registry.names()) {
            BackboneSpec s = registry.require(name);
            assertThat(s.inputSize()).isEqualTo(224);
            assertThat(s.resizeSize()).isEqualTo(256);
            assertThat(s.mean()).containsExactly(0.485f, 0.456f, 0.406f);
            assertThat(s.std()).containsExactly(0.229f, 0.224f, 0.225f);
            assertThat(s.expectedFileNames()).containsExactly(name + "_features.onnx", name + "_features.pt");
        }
    }

    @Test
    void unknownNamesListTheKnownOnes() {
        assertThat(registry.find("inception_v3")).isEmpty();
        assertThatThrownBy(() -> registry.require("inception_v3"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("resnet50");
    }

    @Test
    void aFileNameNamesItsBackboneByTheLongestPrefix() {
        assertThat(registry.forFile(Path.of("/m/resnet50_features.onnx"))).map(BackboneSpec::name).contains("resnet50");
        assertThat(registry.forFile(Path.of("resnet152_features.pt"))).map(BackboneSpec::name).contains("resnet152");
        assertThat(registry.forFile(Path.of("mobilenet_v2_int8_imagenet.pt"))).map(BackboneSpec::name).contains("mobilenet_v2");
        assertThat(registry.forFile(Path.of("resnet500.pt"))).isEmpty();
        assertThat(registry.forFile(Path.of("my_net.onnx"))).isEmpty();
        BackboneSpec longer = BackboneSpec.imagenet("resnet50_v2", 2048, "global average pool");
        assertThat(registry.with(longer).forFile(Path.of("resnet50_v2_features.onnx"))).contains(longer);
    }

    @Test
    void specsCannotBeChangedFromOutsideAndCompareByValue() {
        float[] mean = {0.5f, 0.5f, 0.5f};
        BackboneSpec s = new BackboneSpec("x", 224, 256, mean, mean, 10, "fc", "x_features");
        mean[0] = 9f;
        s.mean()[1] = 9f;
        assertThat(s.mean()).containsExactly(0.5f, 0.5f, 0.5f);
        assertThat(s).isEqualTo(new BackboneSpec("x", 224, 256, new float[] {0.5f, 0.5f, 0.5f},
                new float[] {0.5f, 0.5f, 0.5f}, 10, "fc", "x_features"));
        assertThat(s.floatsPerImage()).isEqualTo(3 * 224 * 224);
        assertThatThrownBy(() -> new BackboneSpec("x", 224, 200, mean, mean, 10, "fc", "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void provenanceRoundTripsThroughJson() throws Exception {
        BackboneInfo info = new BackboneInfo("resnet50", "/m/resnet50_features.onnx", "ab".repeat(32), "resnet50",
                BackboneEngine.ONNX_RUNTIME, "1.24.2", "0.35.1", registry.require("resnet50"), 2048, 2, 8);
        ObjectMapper json = new ObjectMapper();
        String text = json.writeValueAsString(info);
        assertThat(text).contains("\"sha256\":\"abab").contains("\"engine\":\"ONNX_RUNTIME\"").contains("0.485");
        assertThat(json.readValue(text, BackboneInfo.class)).isEqualTo(info);
    }

    @Test
    void enginesFollowTheFileExtension() {
        assertThat(BackboneEngine.forFile(Path.of("a.onnx"))).contains(BackboneEngine.ONNX_RUNTIME);
        assertThat(BackboneEngine.forFile(Path.of("a.PT"))).contains(BackboneEngine.PYTORCH);
        assertThat(BackboneEngine.forFile(Path.of("a.bin"))).isEmpty();
        assertThat(BackboneEngine.parse("ort")).isEqualTo(BackboneEngine.ONNX_RUNTIME);
        assertThat(BackboneEngine.parse("TorchScript")).isEqualTo(BackboneEngine.PYTORCH);
    }
}
