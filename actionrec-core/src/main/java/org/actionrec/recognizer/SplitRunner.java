package org.actionrec.recognizer;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.actionrec.ProgressListener;
import org.actionrec.backbone.Backbone;
import org.actionrec.backbone.BackboneException;
import org.actionrec.dataset.DatasetOptions;
import org.actionrec.dataset.DatasetSource;
import org.actionrec.dataset.GroupSafeValidation;
import org.actionrec.dataset.LabelledDataset;
import org.actionrec.dataset.Split;
import org.actionrec.dataset.VideoClip;
import org.actionrec.dataset.VideoDataset;
import org.actionrec.features.ClipFeatures;
import org.actionrec.features.ExtractionResult;
import org.actionrec.features.FeatureExtractor;
import org.actionrec.features.FeatureStore;
import org.actionrec.report.Provenance;
import org.actionrec.video.FfmpegVideoReader;

/**
 * What every job does before its model trains and after it is tested, the same way: the dataset and its split
 * protocol (official splits, else grouped folds, and why), the splits chosen, the inputs of every clip in the
 * feature store (extracted where missing), a split's training side carved into training and group-safe validation
 * clips, and the provenance of the run's reports.
 */
public final class SplitRunner {
    private final LabelledDataset labelled;
    private final List<Split> splits;

    /** Loads the dataset and its splits. */
    public SplitRunner(java.nio.file.Path data, DatasetOptions options) {
        this.labelled = DatasetSource.open(data, options);
        this.splits = labelled.splits();
    }

    public VideoDataset dataset() {
        return labelled.dataset();
    }

    /** The dataset with its split protocol and why it gets that protocol. */
    public LabelledDataset labelled() {
        return labelled;
    }

    public String protocolName() {
        return labelled.protocol().name();
    }

    /** Split {@code k} (1-based) of the protocol. */
    public Split split(int k) {
        if (k < 1 || k > splits.size()) {
            throw new IllegalArgumentException("split " + k + " does not exist; " + protocolName() + " has "
                    + splits.size());
        }
        return splits.get(k - 1);
    }

    /** The splits asked for, checked; every split of the protocol where none are asked for. */
    public List<Integer> chosen(List<Integer> asked) {
        List<Integer> chosen = asked.isEmpty() ? IntStream.rangeClosed(1, splits.size()).boxed().toList() : asked;
        for (int k : chosen) split(k);
        return chosen;
    }

    /** The stored inputs of every readable clip, extracting what is missing into the store first. */
    public ExtractionResult extract(FeatureExtractor extractor, List<Backbone> sessions, FeatureStore store,
                                    ProgressListener progress)
            throws IOException, BackboneException, InterruptedException {
        return extractor.extract(dataset().clips(), sessions, store, progress);
    }

    /** The stored inputs by clip name (clips never extracted, or unreadable, are absent), in dataset order. */
    public Map<String, ClipFeatures> stored(FeatureStore store) throws IOException {
        Map<String, ClipFeatures> byClip = new LinkedHashMap<>();
        for (VideoClip c : dataset().clips()) {
            store.get(c.relativeName(), c.path()).ifPresent(f -> byClip.put(c.relativeName(), f));
        }
        return byClip;
    }

    /** The clips that have inputs. */
    public static List<VideoClip> present(List<VideoClip> clips, Map<String, ClipFeatures> features) {
        return clips.stream().filter(c -> features.containsKey(c.relativeName())).toList();
    }

    /** Split {@code k}'s training side (clips with inputs) cut into training and group-safe validation clips. */
    public GroupSafeValidation.TrainValidation carve(int k, Map<String, ClipFeatures> features, double fraction,
                                                     long seed) {
        return new GroupSafeValidation(fraction, seed).carve(present(split(k).train(), features));
    }

    /** The data a run read, for its provenance. */
    public Provenance.Dataset datasetProvenance() {
        return Provenance.Dataset.of(dataset().root().toString(), dataset().clips().stream()
                .map(VideoClip::relativeName).toList());
    }

    /** The protocol and the splits run, for a report's provenance. */
    public Provenance.Split splitProvenance(List<Integer> splitNumbers) {
        return new Provenance.Split(protocolName(), splitNumbers, labelled.why());
    }

    /** The training clips' durations (what a timeline's window defaults to), where they can be measured. */
    public static void putTrainingClips(Map<String, Object> protocol, List<VideoClip> clips) {
        TrainingClips.measure(clips, new FfmpegVideoReader()).ifPresent(t -> protocol.put(TrainingClips.KEY, t.toMap()));
    }
}
