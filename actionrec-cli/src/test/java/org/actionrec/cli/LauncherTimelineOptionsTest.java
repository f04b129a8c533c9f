package org.actionrec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The benchmark's fresh {@code timeline} processes must run with the heap options the launcher gives them. */
class LauncherTimelineOptionsTest {
    @Test
    void theLauncherGivesTimelineAndLiveTheOptionsTheBenchmarkMeasuresWith() throws Exception {
        String launcher = Files.readString(Path.of("..", "actionrec"));
        int start = launcher.indexOf("  \"timeline \"*|\"live \"*|\"bench timeline\")");
        assertThat(start).as("the launcher's case for timeline and live").isPositive();
        String timelineCase = launcher.substring(start, launcher.indexOf(";;\nesac", start));
        for (String option : BenchTimelineCommand.LAUNCHER_TIMELINE_JVM_OPTIONS) {
            assertThat(timelineCase).contains("JAVA_OPTS=\"" + option + " ${JAVA_OPTS:-}\"");
        }
    }
}
