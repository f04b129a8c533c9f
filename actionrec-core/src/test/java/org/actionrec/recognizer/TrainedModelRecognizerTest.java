package org.actionrec.recognizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a bundle must hold before a trained model predicts (the happy path runs in the CLI's tests). */
class TrainedModelRecognizerTest {
    @TempDir
    Path tmp;

    @Test
    void tellsATrainedModelsBundleFromAStreamPools() throws Exception {
        Path trained = Files.writeString(tmp.resolve("bundle.json"), "{\"format\":\"" + ModelTrainingJob.FORMAT + "\"}");
        Path pool = Files.writeString(tmp.resolve("model.json"), "{\"format\":\"" + StreamPoolModel.FORMAT + "\"}");
        assertThat(TrainedModelRecognizer.isBundle(trained)).isTrue();
        assertThat(TrainedModelRecognizer.isBundle(pool)).isFalse();
        assertThatThrownBy(() -> TrainedModelRecognizer.isBundle(tmp.resolve("absent.json")))
                .isInstanceOf(IOException.class).hasMessageContaining("not found");
    }

    @Test
    void refusesPixelModelsAndBundlesWithoutStreamSettings() throws Exception {
        Path finetune = Files.writeString(tmp.resolve("finetune.json"), "{\"format\":\"" + ModelTrainingJob.FORMAT
                + "\",\"model\":\"finetune\",\"stream_config\":{},\"scored_by\":[\"checkpoints\"]}");
        assertThatThrownBy(() -> TrainedModelRecognizer.open(finetune, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finetune reads pixels");
        Path old = Files.writeString(tmp.resolve("old.json"), "{\"format\":\"" + ModelTrainingJob.FORMAT
                + "\",\"model\":\"late-fusion\"}");
        assertThatThrownBy(() -> TrainedModelRecognizer.open(old, null))
                .isInstanceOf(IOException.class).hasMessageContaining("earlier actionrec");
    }
}
