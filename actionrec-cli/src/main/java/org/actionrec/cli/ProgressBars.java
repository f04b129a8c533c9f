package org.actionrec.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.actionrec.ProgressListener;

/** Progress bars with ETA on stderr, fed by the library's {@link ProgressListener}. */
final class ProgressBars {
    private ProgressBars() {
    }

    static ProgressBar create(String task, long total) {
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                .setUpdateIntervalMillis(500).showSpeed().build();
    }

    static ProgressListener listener(ProgressBar bar) {
        return (done, total, item) -> {
            synchronized (bar) {
                bar.maxHint(total);
                bar.stepTo(done);
            }
        };
    }
}
