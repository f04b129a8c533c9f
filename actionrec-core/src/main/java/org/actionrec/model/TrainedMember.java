package org.actionrec.model;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.actionrec.features.ClipFeatures;
import org.actionrec.train.SequenceSample;
import org.actionrec.train.TrainedNetwork;

/**
 * One trained member as the training job hands it to its kind: the tested checkpoint, the split's samples, the
 * scores it gave, and the frozen descriptors it may be combined with.
 *
 * @param side              training and validation samples (what a refit, or paper 003's fusion, trains on)
 * @param testScores        per test clip, from the tested checkpoint
 * @param validationScores  per validation clip, from the checkpoint trained without them; computed when asked
 *                          (a kind that replaces them, as nbtl does, never runs them)
 * @param fusionDescriptors frozen descriptors of {@link TrainableKind#fusionDescriptorInput}, or null
 * @param nbtlRatio         share of neurons NB-TL may drop
 */
public record TrainedMember(TrainedNetwork best, List<SequenceSample> validation, List<SequenceSample> test,
                            List<SequenceSample> side, List<String> validationIds, List<String> testIds,
                            float[][] testScores, Supplier<float[][]> validationScores,
                            Map<String, ClipFeatures> fusionDescriptors, int classes, double nbtlRatio) {
}
