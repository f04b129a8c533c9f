package org.actionrec.spark.cli;

import org.actionrec.options.CommandLines;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * {@code actionrec spark ...}: the job jar's main class, run by {@code spark-submit} (and by the launcher, with
 * Spark's jars on the class path). Only the {@code spark} command: the rest of {@code actionrec} (the service, the
 * progress bars) is none of an executor's business, so the job jar does not carry the CLI; the options the two
 * share come from actionrec-options, the plain {@code actionrec} jar carries no Spark.
 */
@Command(name = "actionrec", mixinStandardHelpOptions = true, versionProvider = CommandLines.Version.class,
        description = "Recognise human actions in videos on Apache Spark.",
        subcommands = {SparkCommand.class, CommandLine.HelpCommand.class})
public final class SparkMain {
    private SparkMain() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return CommandLines.withErrorLines(new CommandLine(new SparkMain()));
    }
}
