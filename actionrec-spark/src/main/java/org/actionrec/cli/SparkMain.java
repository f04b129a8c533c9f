package org.actionrec.cli;

/**
 * {@code actionrec} with the {@code spark} command: the job jar's main class, run by {@code spark-submit} (and by
 * the launcher for {@code actionrec spark ...}, with Spark's jars on the class path). It lives in the CLI's
 * package to reuse its option classes; the {@code actionrec} jar itself carries no Spark.
 */
public final class SparkMain {
    private SparkMain() {
    }

    public static void main(String[] args) {
        System.exit(ActionRecCli.commandLine().addSubcommand("spark", new SparkCommand()).execute(args));
    }
}
