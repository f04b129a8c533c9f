package org.actionrec.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.actionrec.ActionRecognizer;
import org.actionrec.ProgressListener;
import org.actionrec.backbone.BackboneException;
import org.actionrec.explain.ExplainOptions;
import org.actionrec.explain.ExplanationWriter;
import org.actionrec.video.VideoReadException;

/**
 * Seconds per clip of {@code actionrec explain} after start-up: each clip explained and its files written, the
 * first {@code warmUp} clips (engine start, first-call allocations) left out of the median.
 */
public final class ExplainBenchmark {
    private ExplainBenchmark() {
    }

    /**
     * @param explain seconds in {@link ActionRecognizer#explain} per measured clip
     * @param write   seconds writing its files per measured clip
     */
    public record Result(List<String> clips, double[] explain, double[] write, long peakRssBytes) {
        public double[] total() {
            double[] t = new double[explain.length];
            for (int i = 0; i < t.length; i++) t[i] = explain[i] + write[i];
            return t;
        }

        public static double median(double[] values) {
            if (values.length == 0) return Double.NaN;
            double[] s = values.clone();
            Arrays.sort(s);
            int n = s.length;
            return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        }
    }

    /** Explains {@code warmUp} clips unmeasured (the first clips, again), then every clip once, measured. */
    public static Result run(ActionRecognizer recognizer, List<Path> videos, ExplainOptions options, Path out,
                             int warmUp, ProgressListener progress)
            throws IOException, VideoReadException, BackboneException {
        for (int i = 0; i < warmUp && !videos.isEmpty(); i++) {
            ExplanationWriter.write(recognizer.explain(videos.get(i % videos.size()), options), out.resolve("warm-up"));
        }
        double[] explain = new double[videos.size()];
        double[] write = new double[videos.size()];
        List<String> names = new ArrayList<>();
        for (int i = 0; i < videos.size(); i++) {
            long t0 = System.nanoTime();
            var e = recognizer.explain(videos.get(i), options);
            long t1 = System.nanoTime();
            ExplanationWriter.write(e, out.resolve(String.format("%03d", i)));
            long t2 = System.nanoTime();
            explain[i] = (t1 - t0) / 1e9;
            write[i] = (t2 - t1) / 1e9;
            names.add(videos.get(i).toString());
            progress.progress(i + 1, videos.size(), videos.get(i).getFileName().toString());
        }
        return new Result(names, explain, write, PeakMemory.peakRssBytes());
    }
}
