package org.actionrec.options;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.actionrec.eval.EvaluationSummary;
import org.actionrec.report.RunReport;
import org.actionrec.report.SplitResult;

/**
 * The summary {@code run}, {@code evaluate} and {@code spark run} print after a job: top-1 per stream and split,
 * failures, timings and where the report and model went. One table, so that a Spark run reads as a local one.
 */
public final class RunTable {
    private RunTable() {
    }

    /** @param model the model file written, or {@code null} where the job writes none */
    public static void print(PrintWriter w, RunReport report, Path out, Path model) {
        w.println(report.title());
        w.printf("%-10s", "top-1 %");
        for (SplitResult s : report.splits()) {
            w.printf(" %8s", "split" + s.split());
        }
        w.printf(" %8s%n", "mean");
        for (var e : report.meanOverSplits().entrySet()) {
            w.printf("%-10s", e.getKey());
            for (SplitResult s : report.splits()) {
                EvaluationSummary v = s.streams().get(e.getKey());
                w.printf(" %8s", v == null ? "-" : String.format("%.1f", v.top1Pct()));
            }
            w.printf(" %8.1f%n", e.getValue().top1Pct());
        }
        w.printf("failures %d; timings %s%n", report.failureCount(), report.timingsSeconds());
        w.printf("report: %s, %s%s%n", out.resolve(RunReport.MARKDOWN_FILE), out.resolve(RunReport.JSON_FILE),
                model == null ? "" : "; model: " + model);
    }
}
