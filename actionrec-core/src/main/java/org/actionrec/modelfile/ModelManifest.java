package org.actionrec.modelfile;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.actionrec.head.TemperatureScaling;
import org.actionrec.streams.StreamConfig;

/**
 * What a model file holds and where it came from: {@code manifest.json} inside {@code model.actionrec}.
 *
 * @param kind          {@link #STREAM_POOL} (paper 000's SVM pool, {@code pool.json}) or {@link #TRAINED} (a
 *                      trained descriptor model's checkpoints under {@code checkpoints/})
 * @param model         what was trained, e.g. {@code frozen-svm-pool}, {@code late-fusion}
 * @param description   one line for people
 * @param classes       the labels, index = class
 * @param streamConfig  how the descriptors the model reads are made (keyframes, streams, motion settings)
 * @param backbone      the backbone those descriptors come from (checked by sha256 when opened)
 * @param calibration   the temperature turning the model's scores into probabilities
 * @param checkpoints   trained: the checkpoint folders whose class scores are averaged (ensemble members)
 * @param frozenFusion  trained and fused with frozen-descriptor SVMs: their stream settings ({@code fusion.json}
 *                      holds the heads and weights); null otherwise
 * @param protocol      split protocol, the split or clips trained on, and why that protocol
 * @param test          test figures of the run that wrote the file (top-1, mean class accuracy, calibration)
 * @param provenance    data, settings, versions, date
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelManifest(String format, int formatVersion, String kind, String model, String description,
                            List<String> classes, StreamConfig streamConfig, BackboneRef backbone,
                            TemperatureScaling calibration, List<String> checkpoints, StreamConfig frozenFusion,
                            Map<String, Object> protocol, Map<String, Object> test, Map<String, Object> provenance) {
    public static final String FORMAT = "actionrec-model";
    /** The newest format this version reads and writes. */
    public static final int FORMAT_VERSION = 1;
    public static final String STREAM_POOL = "stream-pool";
    public static final String TRAINED = "trained";

    /**
     * The backbone a model's descriptors come from.
     *
     * @param fileName the file it was trained with (looked up by this name in a model folder)
     * @param embedded the zip entry holding the backbone itself, or null where it is not inside
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BackboneRef(String name, String fileName, String sha256, int descriptorSize, String embedded,
                              org.actionrec.backbone.QuantizedFrom quantizedFrom) {
        public BackboneRef {
            Objects.requireNonNull(sha256, "sha256");
        }

        public BackboneRef(String name, String fileName, String sha256, int descriptorSize, String embedded) {
            this(name, fileName, sha256, descriptorSize, embedded, null);
        }

        public BackboneRef withEmbedded(String entry) {
            return new BackboneRef(name, fileName, sha256, descriptorSize, entry, quantizedFrom);
        }
    }

    public ModelManifest {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(classes, "classes");
        Objects.requireNonNull(streamConfig, "streamConfig");
        Objects.requireNonNull(backbone, "backbone");
        classes = List.copyOf(classes);
        checkpoints = checkpoints == null ? null : List.copyOf(checkpoints);
        if (calibration == null) calibration = TemperatureScaling.identity();
    }

    /** A manifest of the current format: kind, model, classes, stream config and backbone are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The same manifest naming these checkpoint entries. */
    public ModelManifest withCheckpoints(List<String> entries) {
        return new ModelManifest(format, formatVersion, kind, model, description, classes, streamConfig, backbone,
                calibration, entries, frozenFusion, protocol, test, provenance);
    }

    public ModelManifest withBackbone(BackboneRef b) {
        return new ModelManifest(format, formatVersion, kind, model, description, classes, streamConfig, b,
                calibration, checkpoints, frozenFusion, protocol, test, provenance);
    }

    /** Builds a manifest of the current format ({@code set…}: required; {@code opt…}: may be left out). */
    public static final class Builder {
        private String kind;
        private String model;
        private String description;
        private List<String> classes;
        private StreamConfig streamConfig;
        private BackboneRef backbone;
        private TemperatureScaling calibration;
        private List<String> checkpoints;
        private StreamConfig frozenFusion;
        private Map<String, Object> protocol;
        private Map<String, Object> test;
        private Map<String, Object> provenance;

        private Builder() {
        }

        /** {@link #STREAM_POOL} or {@link #TRAINED}, and the kind's id (e.g. {@code lrcn}). */
        public Builder setKind(String kind, String model) {
            this.kind = kind;
            this.model = model;
            return this;
        }

        public Builder setClasses(List<String> classes) {
            this.classes = classes;
            return this;
        }

        /** How the model's input is made, and the backbone that makes it. */
        public Builder setInput(StreamConfig streamConfig, BackboneRef backbone) {
            this.streamConfig = streamConfig;
            this.backbone = backbone;
            return this;
        }

        public Builder optDescription(String description) {
            this.description = description;
            return this;
        }

        public Builder optCalibration(TemperatureScaling calibration) {
            this.calibration = calibration;
            return this;
        }

        public Builder optCheckpoints(List<String> entries) {
            this.checkpoints = entries;
            return this;
        }

        public Builder optFrozenFusion(StreamConfig frozen) {
            this.frozenFusion = frozen;
            return this;
        }

        /** The split protocol, test figures and provenance of the run that wrote the file. */
        public Builder optRecord(Map<String, Object> protocol, Map<String, Object> test,
                                 Map<String, Object> provenance) {
            this.protocol = protocol;
            this.test = test;
            this.provenance = provenance;
            return this;
        }

        public ModelManifest build() {
            return new ModelManifest(FORMAT, FORMAT_VERSION, kind, model, description, classes, streamConfig,
                    backbone, calibration, checkpoints, frozenFusion, protocol, test, provenance);
        }
    }
}
