package org.actionrec.options;

import static org.assertj.core.api.Assertions.assertThat;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine;

class CommandLinesTest {
    @Test
    void anExceptionWithoutMessageSaysItIsABugAndWhereTheTraceIs() {
        assertThat(CommandLines.errorLine(new NullPointerException()))
                .isEqualTo("internal error (NullPointerException); run with JAVA_OPTS=-Dactionrec.debug=true for the stack trace");
        assertThat(CommandLines.errorLine(new IllegalStateException("first\n  second"))).isEqualTo("first; second");
    }

    @Command(name = "failing")
    static final class Failing implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalArgumentException("clips.csv: no such file");
        }
    }

    @Test
    void aFailingCommandPrintsOneLineAndExits1() {
        CommandLine cl = CommandLines.withErrorLines(new CommandLine(new Failing()));
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        assertThat(cl.execute()).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("actionrec: clips.csv: no such file");
    }
}
