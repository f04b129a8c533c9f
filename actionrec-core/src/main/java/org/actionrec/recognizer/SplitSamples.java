package org.actionrec.recognizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.actionrec.dataset.GroupSafeValidation;
import org.actionrec.dataset.VideoClip;
import org.actionrec.features.ClipFeatures;
import org.actionrec.streams.Stream;
import org.actionrec.train.SequenceSample;

/**
 * The training, validation and test samples of a split, and the clip ids of the last two: each clip's stored
 * inputs with its streams joined frame by frame (rgb, flow_x, flow_y, mhi order), or, for a kind that scores
 * images, one sample per keyframe sharing the clip's id.
 */
record SplitSamples(List<SequenceSample> train, List<SequenceSample> validation, List<SequenceSample> test,
                    List<String> validationIds, List<String> testIds) {

    static SplitSamples of(GroupSafeValidation.TrainValidation carved, List<VideoClip> test,
                           Map<String, ClipFeatures> features, boolean perFrame) {
        List<String> streams = streamIds(features);
        return new SplitSamples(samples(carved.train(), features, streams, perFrame),
                samples(carved.validation(), features, streams, perFrame), samples(test, features, streams, perFrame),
                carved.validation().stream().map(VideoClip::relativeName).toList(),
                test.stream().map(VideoClip::relativeName).toList());
    }

    private static List<String> streamIds(Map<String, ClipFeatures> features) {
        return List.copyOf(features.values().iterator().next().streams().keySet()).stream().sorted((a, b) ->
                Integer.compare(Stream.parse(a).ordinal(), Stream.parse(b).ordinal())).toList();
    }

    static List<SequenceSample> samples(List<VideoClip> clips, Map<String, ClipFeatures> features,
                                        List<String> streams, boolean perFrame) {
        List<SequenceSample> out = new ArrayList<>();
        for (VideoClip c : clips) {
            ClipFeatures f = features.get(c.relativeName());
            float[][] frames = f.joined(streams);
            if (perFrame) {
                for (float[] frame : frames) out.add(new SequenceSample(c.relativeName(), new float[][] {frame},
                        c.classIndex()));
            } else {
                out.add(new SequenceSample(c.relativeName(), frames, c.classIndex()));
            }
        }
        return out;
    }

    /** The same clips with their frames in a random order (seeded per clip). */
    static List<SequenceSample> shuffleFrames(List<SequenceSample> samples, long seed) {
        List<SequenceSample> out = new ArrayList<>(samples.size());
        for (SequenceSample s : samples) {
            float[][] frames = s.frames().clone();
            SplittableRandom random = new SplittableRandom(seed ^ s.clipId().hashCode());
            for (int i = frames.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                float[] t = frames[i];
                frames[i] = frames[j];
                frames[j] = t;
            }
            out.add(new SequenceSample(s.clipId(), frames, s.label()));
        }
        return out;
    }
}
