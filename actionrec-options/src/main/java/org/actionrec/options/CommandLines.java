package org.actionrec.options;

import picocli.CommandLine;

/**
 * What the {@code actionrec} command and the Spark job's command do alike around their subcommands: one error
 * line instead of a stack trace, and the version. Shared so that {@code actionrec spark ...} fails as
 * {@code actionrec run ...} does.
 */
public final class CommandLines {
    private CommandLines() {
    }

    /** {@code cl} with the execution exception handler that prints {@link #errorLine} and exits 1. */
    public static CommandLine withErrorLines(CommandLine cl) {
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
    public static String errorLine(Exception ex) {
        String message = ex.getMessage();
        if (message == null || message.isBlank()) {
            return "internal error (" + ex.getClass().getSimpleName()
                    + "); run with JAVA_OPTS=-Dactionrec.debug=true for the stack trace";
        }
        return message.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    /** The version from this jar's manifest (Maven sets it), "dev" when run from classes or a jar without it. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Version.class.getPackage().getImplementationVersion();
            return new String[] {"actionrec " + (v == null ? "dev" : v)};
        }
    }
}
