package org.actionrec.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The job jar's command line: {@code spark run} and {@code spark check}, failing as the CLI's commands do. */
class SparkMainTest {
    private record Result(int exitCode, String out, String err) {
    }

    private static Result run(String... args) {
        CommandLine cl = SparkMain.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Result(cl.execute(args), out.toString(), err.toString());
    }

    @Test
    void theSparkCommandHasRunAndCheck() {
        CommandLine spark = SparkMain.commandLine().getSubcommands().get("spark");
        assertThat(spark).isNotNull();
        assertThat(spark.getSubcommands()).containsKeys("run", "check");
        // the options shared with the CLI's run come from actionrec-options
        assertThat(spark.getSubcommands().get("run").getCommandSpec().optionsMap())
                .containsKeys("--backbone", "--streams", "--keyframes", "--folds", "--video-root");
    }

    @Test
    void aMissingDatasetIsOneLineAndExitCode1BeforeSparkStarts(@TempDir Path tmp) {
        Path data = tmp.resolve("no-such-dataset");
        Result r = run("spark", "check", "--data", data.toString(), "--parquet", tmp.resolve("parquet").toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().strip()).startsWith("actionrec: " + data).doesNotContain("\n").doesNotContain("Exception");
    }
}
