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

    /**
     * A small real dataset under {@code root}: the first {@code perClass} clips of each JHMDB class named (linked,
     * not copied), one split file per class with every third clip a test clip (a group may straddle sides here:
     * this is not the benchmark).
     */
    static Path miniJhmdb(Path jhmdb, Path root, List<String> classes, int perClass) throws java.io.IOException {
        Path splits = java.nio.file.Files.createDirectories(root.resolve("splits"));
        for (String c : classes) {
            Path dir = java.nio.file.Files.createDirectories(root.resolve(c));
            List<Path> clips;
            try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(jhmdb.resolve(c))) {
                clips = s.sorted().limit(perClass).toList();
            }
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < clips.size(); i++) {
                java.nio.file.Files.createSymbolicLink(dir.resolve(clips.get(i).getFileName()), clips.get(i));
                lines.add(clips.get(i).getFileName() + (i % 3 == 0 ? " 2" : " 1"));
            }
            java.nio.file.Files.write(splits.resolve(c + "_test_split1.txt"), lines);
        }
        return root;
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
