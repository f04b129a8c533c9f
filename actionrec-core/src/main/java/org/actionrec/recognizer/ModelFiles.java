package org.actionrec.recognizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.actionrec.backbone.BackboneInfo;
import org.actionrec.model.pool.StreamPoolKind;
import org.actionrec.model.pool.StreamPoolModel;
import org.actionrec.model.trained.FrozenSvmFusion;
import org.actionrec.modelfile.ModelFile;
import org.actionrec.modelfile.ModelManifest;

/** Writes what the jobs train as model files ({@link ModelFile}): the stream pool, a trained descriptor model. */
public final class ModelFiles {
    /** The pool's heads, fusion and settings inside a stream-pool model file. */
    static final String POOL_ENTRY = StreamPoolModel.ENTRY;
    static final String CHECKPOINTS = "checkpoints/";

    private ModelFiles() {
    }

    /** How a model file names the backbone it was trained with. */
    public static ModelManifest.BackboneRef backboneRef(BackboneInfo info) {
        Path file = Path.of(info.file()).getFileName();
        Path path = info.file().isEmpty() ? null : Path.of(info.file());
        return new ModelManifest.BackboneRef(info.name(), file == null ? info.file() : file.toString(), info.sha256(),
                info.descriptorSize(), null, org.actionrec.backbone.QuantizedFrom.of(path).orElse(null));
    }

    /**
     * Writes a stream pool.
     *
     * @param embed the backbone file to put inside, or null
     */
    public static void writePool(Path target, StreamPoolModel pool, ModelManifest.BackboneRef backbone,
                                 Map<String, Object> protocol, Map<String, Object> test,
                                 Map<String, Object> provenance, Path embed) throws IOException {
        String description = "frozen-feature SVM pool (paper 000): " + pool.streamConfig().keyframes()
                + " keyframes, streams " + String.join(", ", pool.streams()) + ", one linear head per stream, "
                + "z-normalised scores fused with weights " + pool.fusion().weights();
        ModelManifest manifest = ModelManifest.builder().setKind(ModelManifest.STREAM_POOL, StreamPoolKind.ID)
                .setClasses(pool.classes()).setInput(pool.streamConfig(), backbone).optDescription(description)
                .optCalibration(pool.calibration()).optRecord(protocol, test, provenance).build();
        ModelFile.Writer writer = new ModelFile.Writer(manifest).addJson(POOL_ENTRY, pool);
        if (embed != null) writer.embedBackbone(embed);
        writer.write(target);
    }

    /**
     * Writes a trained model: the best parameters and state of each checkpoint folder that scores (ensemble
     * members, refitted where refitted), and the frozen SVMs it is fused with, if any.
     *
     * @param manifest    what the file says of itself ({@link ModelManifest#builder()}); the checkpoint entries and
     *                    the frozen fusion's settings are filled in here
     * @param fusion      the frozen SVMs of a score fusion, or null
     * @param kindEntries further JSON entries of the kind (e.g. nbtl's pruning), by entry name
     * @param embed       the backbone file to put inside, or null
     */
    public static void writeTrained(Path target, ModelManifest.Builder manifest, List<Path> checkpointFolders,
                                    FrozenSvmFusion fusion, Map<String, Object> kindEntries, Path embed)
            throws IOException {
        List<String> entries = checkpointFolders.stream().map(f -> CHECKPOINTS + f.getFileName() + "/").toList();
        ModelFile.Writer writer = new ModelFile.Writer(manifest.optCheckpoints(entries)
                .optFrozenFusion(fusion == null ? null : fusion.streamConfig()).build());
        for (int i = 0; i < checkpointFolders.size(); i++) {
            Path folder = checkpointFolders.get(i);
            try (Stream<Path> files = Files.list(folder)) {
                // what SequenceTrainer.load reads: the resume state and the best parameters
                for (Path f : files.filter(p -> isBestCheckpointFile(p.getFileName().toString())).sorted().toList()) {
                    writer.addFile(entries.get(i) + f.getFileName(), f);
                }
            }
        }
        if (fusion != null) writer.addJson(FrozenSvmFusion.ENTRY, fusion);
        for (Map.Entry<String, Object> e : kindEntries.entrySet()) writer.addJson(e.getKey(), e.getValue());
        if (embed != null) writer.embedBackbone(embed);
        writer.write(target);
    }

    private static boolean isBestCheckpointFile(String name) {
        return name.equals("state.json") || (name.startsWith("best-") && name.endsWith(".params"));
    }
}
