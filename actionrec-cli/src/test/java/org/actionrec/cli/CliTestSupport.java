package org.actionrec.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Runs the CLI in-process and captures what it prints, or in a new JVM. */
final class CliTestSupport {
    record Result(int exitCode, String out, String err) {
    }

    private CliTestSupport() {
    }

    static Result run(String... args) {
        CommandLine cl = ActionRecCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /** {@code java ActionRecCli args} in a new JVM with this JVM's class path, -D flags and environment. */
    static ProcessBuilder childJvm(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx1g");
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("-D")) {
                cmd.add(a);
            }
        }
        cmd.add("-Dai.djl.offline=true");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ActionRecCli.class.getName());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd); // inherits the environment: DJL_CACHE_DIR, LC_ALL, ...
    }
}
