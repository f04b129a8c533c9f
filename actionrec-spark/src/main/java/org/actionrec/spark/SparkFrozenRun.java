package org.actionrec.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.actionrec.ProgressListener;
import org.actionrec.backbone.Backbone;
import org.actionrec.dataset.ManifestDataset;
import org.actionrec.dataset.Split;
import org.actionrec.features.ExtractionResult;
import org.actionrec.recognizer.FrozenRecognizerJob;
import org.actionrec.report.RunReport;
import org.apache.spark.sql.SparkSession;

/**
 * {@code actionrec run} on Spark: the manifest of the dataset's clips, descriptors extracted by the cluster into
 * Parquet ({@link SparkExtraction}), read back on the driver, then the same training, evaluation, report files
 * and model file as {@link FrozenRecognizerJob#run}; the heads by LIBLINEAR on the driver, or by MLlib on the
 * cluster ({@link MllibHeads}).
 */
public final class SparkFrozenRun {
    /** The manifest written beside the report: path, label, group and the first chosen split's side. */
    public static final String MANIFEST_FILE = "manifest.csv";

    /**
     * What the run did.
     *
     * @param clipsWithDescriptors clips the training read descriptors of (all runs, not only this one)
     */
    public record Result(RunReport report, SparkExtraction.Result extraction, int clipsWithDescriptors,
                         int failures, Path manifest, Path modelFile) {
    }

    private SparkFrozenRun() {
    }

    /**
     * @param distributedHead MLlib's classifier for the heads, or {@code null} for the pool's own head on the driver
     */
    public static Result run(SparkSession spark, FrozenRecognizerJob.Config config, SparkExtraction.Options options,
                             MllibHeads.Kind distributedHead, Backbone backbone) throws IOException {
        FrozenRecognizerJob job = distributedHead == null ? new FrozenRecognizerJob(config)
                : new FrozenRecognizerJob(config, distributedHead.headName(),
                MllibHeads.trainers(spark, distributedHead, config.pool()));
        List<Integer> chosen = job.chosenSplits();
        Split first = job.split(chosen.get(0));
        Path manifest = config.out().resolve(MANIFEST_FILE);
        ManifestDataset.write(manifest, job.dataset(), first);

        SparkExtraction.Result extraction = new SparkExtraction(spark, options)
                .extract(job.dataset().clips(), first, config.streams(), backbone);
        ParquetDescriptors.Loaded loaded = ParquetDescriptors.read(spark, options.root(), extraction.settingsDigest(),
                job.dataset().clips());
        ExtractionResult result = new ExtractionResult(extraction.extracted(), (int) extraction.skipped(),
                loaded.failures(), extraction.images(), extraction.seconds(), extraction.backboneSeconds());
        RunReport report = job.trainEvaluateAndWrite(new FrozenRecognizerJob.FeatureSet(loaded.byClip(),
                extraction.settings()), result, backbone, ProgressListener.NONE);
        return new Result(report, extraction, loaded.byClip().size(), loaded.failures().size(), manifest,
                config.out().resolve(FrozenRecognizerJob.MODEL_FILE));
    }
}
