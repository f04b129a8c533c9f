package org.actionrec.model.finetune;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.actionrec.model.MemberOutcome;
import org.actionrec.model.TrainedMember;
import org.actionrec.modelfile.ModelArchive;
import org.actionrec.train.FineTunedNetwork;
import org.actionrec.train.NegativeBackDropout;
import org.actionrec.train.ScoredSamples;
import org.actionrec.train.SequenceModels.ModelSpec;
import org.actionrec.train.SequenceSample;
import org.actionrec.train.TrainingConfig;
import org.actionrec.train.TwoLayerHead;

/**
 * Paper 002's negative back-dropout: finetune (trained in, or reused from, finetune's folder), then the neurons
 * of the last two fully connected layers that push the misclassified validation keyframes most toward their
 * wrong class are dropped; the model file keeps which ({@link NbtlPruning}).
 */
public final class NbtlKind extends FineTuneKind {
    public static final String ID = "nbtl";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String describe(ModelSpec s, TrainingConfig t, double nbtlRatio) {
        return super.describe(s, t, nbtlRatio) + ", then NB-TL " + Math.round(100 * nbtlRatio) + "%";
    }

    @Override
    public Optional<String> refitRefusal() {
        return Optional.of("nbtl cannot be refitted: it prunes with the validation frames, which a refitted model "
                + "has trained on");
    }

    @Override
    NbtlPruning pruning(ModelArchive archive) throws IOException {
        return archive.readJson(NbtlPruning.ENTRY, NbtlPruning.class);
    }

    /**
     * The validation keyframes the fine-tuned model gets wrong form the penalty set; the neurons that push them most
     * toward the wrong class are dropped, and the clips are scored again (mean over keyframes) with the pruned head.
     */
    @Override
    public MemberOutcome afterTraining(TrainedMember m) {
        long t0 = System.nanoTime();
        FineTunedNetwork best = new FineTunedNetwork(m.best());
        TwoLayerHead head = best.finetuneHead();
        float[][] valDescriptors = best.backboneDescriptors(m.validation());
        int[] valLabels = m.validation().stream().mapToInt(SequenceSample::label).toArray();
        NegativeBackDropout.Result result = new NegativeBackDropout(m.nbtlRatio())
                .apply(head, List.of(valDescriptors), valLabels);
        float[][] validation = ScoredSamples.perClip(prunedScores(result.head(), best, m.validation(), valDescriptors),
                m.validation(), m.validationIds());
        float[][] test = ScoredSamples.perClip(prunedScores(result.head(), best, m.test(),
                best.backboneDescriptors(m.test())), m.test(), m.testIds());
        return new MemberOutcome(test, validation, m.testScores(), null, result, (System.nanoTime() - t0) / 1e9);
    }

    /** The pruned head's scores of samples, averaged with their mirror images' as {@code Trained.scores} does. */
    private static float[][] prunedScores(TwoLayerHead head, FineTunedNetwork best,
                                          List<SequenceSample> samples, float[][] descriptors) {
        float[][] scores = headScores(head, descriptors);
        if (!best.network().spec().mirror()) return scores;
        return org.actionrec.head.ScoreFusion.mean(List.of(scores,
                headScores(head, best.mirroredBackboneDescriptors(samples))));
    }

    private static float[][] headScores(TwoLayerHead head, float[][] descriptors) {
        float[][] scores = new float[descriptors.length][];
        for (int i = 0; i < descriptors.length; i++) scores[i] = head.scores(descriptors[i]);
        return scores;
    }

    @Override
    public Map<String, Object> modelFileEntries(List<MemberOutcome> members, double nbtlRatio) {
        return Map.of(NbtlPruning.ENTRY, NbtlPruning.of(nbtlRatio, members.stream().map(MemberOutcome::nbtl).toList()));
    }
}
