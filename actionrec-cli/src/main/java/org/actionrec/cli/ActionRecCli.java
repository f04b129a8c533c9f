package org.actionrec.cli;

import org.actionrec.options.CommandLines;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code actionrec} command: parses arguments, calls the library, prints results. */
@Command(name = "actionrec", mixinStandardHelpOptions = true, versionProvider = CommandLines.Version.class,
        description = "Recognise human actions in videos by transfer learning from ImageNet CNNs.",
        subcommands = {InfoCommand.class, DatasetCommand.class, FramesCommand.class, BenchCommand.class, ExtractCommand.class, RunCommand.class, TrainCommand.class, CompareCommand.class, EvaluateCommand.class, PredictCommand.class, TimelineCommand.class, LiveCommand.class, ExplainCommand.class, ServeCommand.class, QuantizeCommand.class, CommandLine.HelpCommand.class})
public final class ActionRecCli {
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return CommandLines.withErrorLines(new CommandLine(new ActionRecCli()));
    }
}
