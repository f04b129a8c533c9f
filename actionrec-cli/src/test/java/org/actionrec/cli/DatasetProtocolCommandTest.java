package org.actionrec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetProtocolCommandTest {

    /** Two classes of UCF-style names, 5 groups each; dummy files, since --check none decodes nothing. */
    private static Path folderWithoutSplits(Path root) throws Exception {
        for (String label : new String[] {"Run", "Sit"}) {
            for (int g = 1; g <= 5; g++) {
                Path f = root.resolve(label).resolve("v_" + label + "_g0" + g + "_c01.avi");
                Files.createDirectories(f.getParent());
                Files.writeString(f, "dummy");
            }
        }
        return root;
    }

    @Test
    void datasetOnAFolderWithoutSplitsPrintsTheProtocolAndWhy(@TempDir Path tmp) throws Exception {
        Path root = folderWithoutSplits(tmp.resolve("mine"));
        CliTestSupport.Result r = CliTestSupport.run("dataset", root.toString(), "--check", "none");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("protocol group-kfold(k=5, seed=42)")
                .contains("why    no split files found under " + root.toAbsolutePath() + " (splits/ or "
                        + "ucfTrainTestlist/): 5 grouped, stratified folds, seed 42; groups: from file names "
                        + "(UCF101/UCF50 _gXX_ convention)")
                .containsPattern("fold5 +8 +2 ");

        CliTestSupport.Result json = CliTestSupport.run("dataset", root.toString(), "--check", "none", "--json",
                "--folds", "2", "--protocol-seed", "3");
        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode n = new ObjectMapper().readTree(json.out());
        assertThat(n.get("protocol").asText()).isEqualTo("group-kfold(k=2, seed=3)");
        assertThat(n.get("protocol_reason").asText()).contains("2 grouped, stratified folds, seed 3");
        assertThat(n.at("/summary/splits")).hasSize(2);
    }

    @Test
    void datasetAcceptsAManifestAndNamesABadOne(@TempDir Path tmp) throws Exception {
        Path root = folderWithoutSplits(tmp);
        Path manifest = Files.writeString(tmp.resolve("clips.csv"),
                "path,label,split\nRun/v_Run_g01_c01.avi,Run,train\nSit/v_Sit_g01_c01.avi,Sit,test\n");
        CliTestSupport.Result r = CliTestSupport.run("dataset", manifest.toString(), "--check", "none");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("protocol manifest-split:" + manifest.toAbsolutePath())
                .contains("why    split column of manifest " + manifest.toAbsolutePath());

        Path bad = Files.writeString(root.resolve("bad.csv"), "file,label\nRun/v_Run_g01_c01.avi,Run\n");
        CliTestSupport.Result failed = CliTestSupport.run("dataset", bad.toString(), "--check", "none");
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.err()).contains("bad.csv: header (line 1) has no 'path' column");
    }
}
