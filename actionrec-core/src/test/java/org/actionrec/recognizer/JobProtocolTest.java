package org.actionrec.recognizer;

import static org.assertj.core.api.Assertions.assertThat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.actionrec.dataset.DatasetOptions;
import org.actionrec.model.pool.PoolSettings;
import org.actionrec.streams.StreamConfig;
import org.actionrec.train.SequenceModels;
import org.actionrec.train.TrainingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both jobs take a dataset without split files and say which protocol it got and why. */
class JobProtocolTest {

    private static Path folderWithoutSplits(Path root) throws Exception {
        for (String label : new String[] {"wave", "walk"}) {
            for (int source = 0; source < 6; source++) {
                Path f = root.resolve(label).resolve("movie" + source + "_" + label + "_f_cm_np1_fr_med_0.avi");
                Files.createDirectories(f.getParent());
                Files.writeString(f, "dummy"); // the constructors load the layout; nothing is decoded
            }
        }
        return root;
    }

    @Test
    void frozenJobGetsGroupKFoldOnAFolderWithoutSplits(@TempDir Path tmp) throws Exception {
        Path data = folderWithoutSplits(tmp.resolve("data"));
        FrozenRecognizerJob job = new FrozenRecognizerJob(new FrozenRecognizerJob.Config(data, tmp.resolve("out"),
                tmp.resolve("store"), StreamConfig.ALL_STREAMS, 1, PoolSettings.DEFAULTS, List.of(), false,
                DatasetOptions.DEFAULTS.withFolds(4)));
        assertThat(job.labelledDataset().protocol().name()).isEqualTo("group-kfold(k=4, seed=42)");
        assertThat(job.labelledDataset().why()).startsWith("no split files found under " + data.toAbsolutePath())
                .endsWith("groups: from file names (HMDB/JHMDB source video)");
        assertThat(job.labelledDataset().officialSplits()).isFalse();
        assertThat(job.chosenSplits()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void trainingJobGetsGroupKFoldWithTheDefaultOptions(@TempDir Path tmp) throws Exception {
        Path data = folderWithoutSplits(tmp.resolve("data"));
        ModelTrainingJob job = new ModelTrainingJob(TrainingJobConfig.builder().setData(data)
                .setOut(tmp.resolve("out")).setStore(tmp.resolve("store")).setRecipe(SequenceModels.LRCN,
                        SequenceModels.ModelSpec.of(SequenceModels.LRCN), TrainingConfig.defaults())
                .setSplits(List.of(4)).build());
        assertThat(job.labelledDataset().protocol().name()).isEqualTo("group-kfold(k=5, seed=42)");
        assertThat(job.labelledDataset().why()).contains(": 5 grouped, stratified folds, seed 42; ");
        assertThat(job.labelledDataset().officialSplits()).isFalse();
    }
}
