package org.actionrec.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code actionrec} command: parses arguments, calls the library, prints results. */
@Command(name = "actionrec", mixinStandardHelpOptions = true, versionProvider = ActionRecCli.Version.class,
        description = "Recognise human actions in videos by transfer learning from ImageNet CNNs.",
        subcommands = {InfoCommand.class, DatasetCommand.class, FramesCommand.class, BenchCommand.class, ExtractCommand.class, RunCommand.class, TrainCommand.class, CompareCommand.class, EvaluateCommand.class, PredictCommand.class, TimelineCommand.class, LiveCommand.class, ExplainCommand.class, ServeCommand.class, CommandLine.HelpCommand.class})
public final class ActionRecCli {
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new ActionRecCli());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            // Expected failures (bad input, missing model) are one line, not a stack trace;
            // -Dactionrec.debug=true (JAVA_OPTS for the launcher) adds the trace with its causes.
            cmd.getErr().println(cmd.getColorScheme().errorText("actionrec: " + errorLine(ex)));
            if (Boolean.getBoolean("actionrec.debug")) {
                ex.printStackTrace(cmd.getErr());
            }
            return 1;
        });
        return cl;
    }

    /**
     * The exception's message on one line; one without a message is a bug, not bad input, so the line says so
     * and where to find the details.
     */
    static String errorLine(Exception ex) {
        String message = ex.getMessage();
        if (message == null || message.isBlank()) {
            return "internal error (" + ex.getClass().getSimpleName()
                    + "); run with JAVA_OPTS=-Dactionrec.debug=true for the stack trace";
        }
        return message.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    /** The version from the jar manifest (Maven sets it), "dev" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = ActionRecCli.class.getPackage().getImplementationVersion();
            return new String[] {"actionrec " + (v == null ? "dev" : v)};
        }
    }
}
