package org.actionrec.recognizer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.actionrec.dataset.GroupSafeValidation;
import org.actionrec.dataset.VideoDataset;
import org.actionrec.eval.CalibrationSummary;
import org.actionrec.eval.Evaluation;
import org.actionrec.eval.EvaluationSummary;
import org.actionrec.head.TemperatureScaling;
import org.actionrec.model.registry.ModelKinds;
import org.actionrec.model.trained.FrozenSvmFusion;
import org.actionrec.modelfile.ModelFile;
import org.actionrec.modelfile.ModelManifest;
import org.actionrec.report.Provenance;
import org.actionrec.report.RunReport;

/**
 * What {@link ModelTrainingJob} leaves in a split's folder once a model is tested: {@code bundle.json} (what
 * the model is, how it was made, every member's figures) and {@code model.actionrec}, the model file that
 * predicts as the model was tested — its scoring checkpoints, the frozen SVMs of a score fusion where there
 * is one, and the calibration.
 */
final class TrainedSplitOutput {
    private static final String REFIT = "refitted on training + validation clips for the best epoch count; the "
            + "test scores are its";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * How the model file scores: the model's own scores, or fused with frozen SVMs.
     *
     * @param fusion      the frozen SVMs, or null for the model's own scores
     * @param calibration fitted on the validation scores of what is delivered
     * @param test        test figures of what is delivered
     */
    record Scoring(FrozenSvmFusion fusion, TemperatureScaling calibration, EvaluationSummary test,
                   CalibrationSummary calibrated) {
    }

    private final TrainingJobConfig config;
    private final VideoDataset dataset;
    private final String protocolName;
    private final String split;
    private final String protocolReason;

    TrainedSplitOutput(TrainingJobConfig config, VideoDataset dataset, String protocolName, int splitNumber,
                       String protocolReason) {
        this.config = config;
        this.dataset = dataset;
        this.protocolName = protocolName;
        this.split = protocolName + " split " + splitNumber;
        this.protocolReason = protocolReason;
    }

    /**
     * @param dir         where the bundle and the model file go
     * @param checkpoints the folder holding the members' checkpoint folders (nbtl: finetune's split folder)
     */
    void write(Path dir, Path checkpoints, List<ModelTrainingJob.Member> members, int[] truth, List<String> testIds,
               ModelTrainingJob.Inputs inputs, GroupSafeValidation.TrainValidation carved, Evaluation evaluation,
               TrainedFigures extra, Map<String, Object> scoreFusion, Scoring delivered) throws IOException {
        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put("format", ModelTrainingJob.FORMAT);
        bundle.put("model", config.model());
        bundle.put("spec", config.spec());
        bundle.put("training", config.training());
        bundle.put("classes", dataset.classes());
        bundle.put("data", dataset.root().toString());
        bundle.put("split", split);
        bundle.put("training_clips", carved.train().size());
        bundle.put("validation_clips", carved.validation().size());
        bundle.put("validation_fraction", config.validationFraction());
        bundle.put("input", inputs.settings());
        bundle.put("stream_config", inputs.streams());
        if (config.spec().backboneFile() != null) {
            bundle.put("backbone_file_sha256", Provenance.sha256(Path.of(config.spec().backboneFile())));
        }
        if (members.size() == 1) {
            bundle.put("checkpoints", "checkpoints (DJL parameters; best epoch " + members.get(0).trained().bestEpoch()
                    + ")");
            if (config.refit()) {
                bundle.put("tested_checkpoints", ModelTrainingJob.refitFolder(0) + " (" + REFIT + ", "
                        + members.get(0).refitted().epochsDone() + " epochs)");
            }
        } else {
            bundle.put("ensemble", ensemble(members, truth, testIds));
        }
        List<String> scoredBy = new ArrayList<>(); // relative to dir
        for (int m = 0; m < members.size(); m++) {
            String folder = config.refit() ? ModelTrainingJob.refitFolder(m) : ModelTrainingJob.checkpointFolder(m);
            scoredBy.add(dir.toAbsolutePath().relativize(checkpoints.resolve(folder).toAbsolutePath()).toString());
        }
        bundle.put(ModelTrainingJob.SCORED_BY, scoredBy);
        bundle.put("test", EvaluationSummary.of(evaluation));
        bundle.put("extra", extra);
        if (scoreFusion != null) bundle.put("score_fusion_with_frozen_svms", scoreFusion);
        bundle.put("calibration", delivered.calibrated());
        Provenance.Versions versions = Provenance.Versions.detect();
        bundle.put("versions", versions);
        Files.createDirectories(dir);
        JSON.writeValue(dir.resolve(ModelTrainingJob.BUNDLE_FILE).toFile(), bundle);
        Map<String, Object> entries = ModelKinds.trainable(config.model()).modelFileEntries(
                members.stream().map(ModelTrainingJob.Member::outcome).toList(), config.nbtlRatio());
        writeModelFile(dir, scoredBy, inputs, carved, delivered, versions, entries);
    }

    private Map<String, Object> ensemble(List<ModelTrainingJob.Member> members, int[] truth, List<String> testIds) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (int m = 0; m < members.size(); m++) {
            ModelTrainingJob.Member member = members.get(m);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("checkpoints", ModelTrainingJob.checkpointFolder(m));
            row.put("seed", member.seed());
            row.put("best_epoch", member.trained().bestEpoch());
            row.put("validation_top1_pct", 100 * member.trained().bestValidationAccuracy());
            if (config.refit()) {
                row.put("tested_checkpoints", ModelTrainingJob.refitFolder(m));
                row.put("refit_epochs", member.refitted().epochsDone());
            }
            row.put("test", EvaluationSummary.of(Evaluation.of(member.scores().test(), truth, dataset.classes(),
                    testIds)));
            list.add(row);
        }
        Map<String, Object> ensemble = new LinkedHashMap<>();
        ensemble.put("scores", "mean of the members' class scores");
        if (config.refit()) ensemble.put("tested_checkpoints", REFIT);
        ensemble.put("members", list);
        return ensemble;
    }

    /** {@code model.actionrec}: what predicts as this split's model was tested. */
    private void writeModelFile(Path dir, List<String> scoredBy, ModelTrainingJob.Inputs inputs,
                                GroupSafeValidation.TrainValidation carved, Scoring delivered,
                                Provenance.Versions versions, Map<String, Object> entries) throws IOException {
        Map<String, Object> protocol = new LinkedHashMap<>();
        protocol.put("protocol", protocolName);
        protocol.put("split", split);
        protocol.put("protocol_reason", protocolReason);
        protocol.put("trained_on", (config.refit() ? "training + validation clips of the split's training side ("
                + (carved.train().size() + carved.validation().size()) + " clips)" : carved.train().size()
                + " training clips of the split's training side; " + carved.validation().size()
                + " kept for validation"));
        SplitRunner.putTrainingClips(protocol, carved.train());
        Map<String, Object> test = new LinkedHashMap<>();
        test.put("figures_from", split + " (test side)");
        test.put("test", delivered.test());
        test.put("calibration", delivered.calibrated());
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("data", Provenance.Dataset.of(dataset.root().toString(), dataset.clips().stream()
                .map(org.actionrec.dataset.VideoClip::relativeName).toList()));
        provenance.put("input", inputs.settings());
        provenance.put("spec", config.spec());
        provenance.put("training", config.training());
        provenance.put("ensemble", config.ensemble());
        provenance.put("refit", config.refit());
        provenance.put("versions", versions);
        provenance.put("date", java.time.OffsetDateTime.now().toString());
        String description = config.model() + (config.ensemble() > 1 ? ", " + config.ensemble() + " seeds averaged" : "")
                + (config.refit() ? ", refitted" : "") + (delivered.fusion() == null ? ""
                : ", fused with frozen SVMs of " + String.join(", ", delivered.fusion().streams()));
        ModelFiles.writeTrained(dir.resolve(ModelFile.FILE_NAME), ModelManifest.builder()
                        .setKind(ModelManifest.TRAINED, config.model()).setClasses(dataset.classes())
                        .setInput(inputs.streams(), ModelFiles.backboneRef(inputs.backbone()))
                        .optDescription(description).optCalibration(delivered.calibration())
                        .optRecord(RunReport.mapper().convertValue(protocol, Map.class),
                                RunReport.mapper().convertValue(test, Map.class),
                                RunReport.mapper().convertValue(provenance, Map.class)),
                scoredBy.stream().map(f -> dir.resolve(f).normalize()).toList(), delivered.fusion(), entries,
                config.embedBackbone() ? Path.of(inputs.backbone().file()) : null);
    }
}
