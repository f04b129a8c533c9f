package org.actionrec.live;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.actionrec.backbone.BackboneException;
import org.actionrec.modelfile.ModelManifest;
import org.actionrec.recognizer.TrainingClips;
import org.actionrec.report.Provenance;
import org.actionrec.timeline.Timeline;
import org.actionrec.timeline.TimelineBuilder;
import org.actionrec.timeline.TimelineOptions;
import org.actionrec.timeline.WindowModel;
import org.actionrec.timeline.WindowResult;
import org.actionrec.video.VideoReadException;

/**
 * The timeline of a video file: the file read as fast as possible through the live path (reader thread, bounded
 * queue that waits rather than drops, the same {@link org.actionrec.timeline.WindowEngine}), so a file's live
 * labels are its timeline's windows.
 */
public final class TimelineRun {
    private TimelineRun() {
    }

    /**
     * @param manifest  the model file's manifest: the training clip durations (the default window) and provenance
     * @param modelFile the model file, named in the provenance
     */
    public static Timeline of(Path video, WindowModel windowModel, ModelManifest manifest, Path modelFile,
                              TimelineOptions options) throws VideoReadException, BackboneException {
        return of(video, windowModel, manifest, modelFile, options, w -> { }, () -> false);
    }

    /**
     * As {@link #of(Path, WindowModel, ModelManifest, Path, TimelineOptions)}, handing each window to
     * {@code each} as it is scored (progress), and stopping early, with the windows so far, once {@code stop}
     * says so (cancellation).
     */
    public static Timeline of(Path video, WindowModel windowModel, ModelManifest manifest, Path modelFile,
                              TimelineOptions options, Consumer<WindowResult> each, BooleanSupplier stop)
            throws VideoReadException, BackboneException {
        Optional<TrainingClips> training = TrainingClips.of(manifest);
        TimelineBuilder builder = new TimelineBuilder(windowModel.classes(), options);
        LiveRun run = new LiveRun(Source.file(video), LiveOptions.DEFAULTS.withWindow(options.windowS(),
                options.strideS()).withQueue(LiveOptions.DEFAULTS.queueFrames(), false));
        LiveSummary s = run.run(windowModel, training, w -> {
            builder.add(w);
            each.accept(w);
            if (stop.getAsBoolean()) run.stop();
        });
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("model", model(manifest, modelFile));
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("plan", s.plan().toString());
        settings.put("window_basis", s.plan().basis());
        settings.put("smoothing_windows", options.smoothing());
        settings.put("min_segment_s", options.minSegmentS() != null ? options.minSegmentS()
                : s.plan().strideSeconds());
        settings.put("no_action_below", options.noActionBelow());
        settings.put("windows", s.windows());
        settings.put("seconds", s.seconds());
        settings.put("ended", s.ended());
        provenance.put("settings", settings);
        provenance.put("versions", Provenance.Versions.detect());
        provenance.put("date", java.time.OffsetDateTime.now().toString());
        return builder.build(video.toString(), s.fps(), s.frames(), s.plan(), provenance);
    }

    /** What a timeline records of the model that made it. */
    public static Map<String, Object> model(ModelManifest manifest, Path modelFile) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", modelFile.toString());
        m.put("kind", manifest.kind());
        m.put("model", manifest.model());
        m.put("description", manifest.description());
        m.put("classes", manifest.classes().size());
        m.put("streams", manifest.streamConfig().settings());
        m.put("backbone", manifest.backbone().name());
        m.put("backbone_sha256", manifest.backbone().sha256());
        m.put("calibration_temperature", manifest.calibration().temperature());
        if (manifest.protocol() != null) m.put("trained_on", manifest.protocol().get("trained_on"));
        return m;
    }
}
