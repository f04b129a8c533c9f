package org.actionrec.modelfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Folders of a process that was killed are deleted by the next one; those of running processes are kept. */
class ProcessTempFoldersTest {
    @TempDir
    Path tmp;

    @Test
    void theFoldersOfProcessesThatNoLongerRunAreDeletedAndOnlyThose() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path left = Files.createDirectories(tmp.resolve("actionrec-model-" + gone.pid() + "-123/sub"));
        Files.writeString(left.resolve("backbone.onnx"), "weights");
        Path running = Files.createDirectories(tmp.resolve("actionrec-model-" + ProcessHandle.current().pid() + "-9"));
        Path other = Files.createDirectories(tmp.resolve("actionrec-model-notapid"));
        Path foreign = Files.createDirectories(tmp.resolve("someone-else-" + gone.pid() + "-1"));

        Path made = ProcessTempFolders.create(tmp, "actionrec-model-");

        assertThat(left.getParent()).doesNotExist();
        assertThat(running).isDirectory();
        assertThat(other).isDirectory();
        assertThat(foreign).isDirectory();
        assertThat(made).isDirectory().isEmptyDirectory();
        assertThat(made.getFileName().toString()).startsWith("actionrec-model-" + ProcessHandle.current().pid() + "-");
        assertThat(ProcessTempFolders.sweep(tmp, "actionrec-model-")).isZero(); // nothing more to delete
    }
}
