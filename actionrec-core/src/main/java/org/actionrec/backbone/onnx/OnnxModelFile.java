package org.actionrec.backbone.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.actionrec.backbone.onnx.OnnxIr.ModelProto;
import org.actionrec.backbone.onnx.OnnxIr.StringStringEntryProto;

/** Reads and writes ONNX files ({@link OnnxIr}), with errors that say what is wrong with a file. */
public final class OnnxModelFile {
    /** ONNX files of big backbones pass protobuf's default 100 MB message limit. */
    private static final int SIZE_LIMIT = Integer.MAX_VALUE;

    private OnnxModelFile() {
    }

    /**
     * The model in {@code file}.
     *
     * @throws OnnxModelException for a file that does not parse as ONNX or has no graph
     */
    public static ModelProto read(Path file) throws OnnxModelException {
        ModelProto model;
        try (InputStream in = Files.newInputStream(file)) {
            CodedInputStream coded = CodedInputStream.newInstance(in);
            coded.setSizeLimit(SIZE_LIMIT);
            model = ModelProto.parseFrom(coded);
        } catch (InvalidProtocolBufferException e) {
            throw new OnnxModelException(file + " is not an ONNX model (damaged, or another format): its bytes do "
                    + "not parse as an ONNX ModelProto: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new OnnxModelException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (!model.hasIrVersion() || !model.hasGraph() || model.getGraph().getNodeCount() == 0) {
            throw new OnnxModelException(file + " is not an ONNX model: it has no " + (!model.hasIrVersion()
                    ? "ModelProto.ir_version" : "graph nodes (ModelProto.graph)") + " (damaged, or another format)");
        }
        return model;
    }

    /** Writes {@code model} to {@code file} through a temporary file beside it, so a reader never sees half a model. */
    public static void write(ModelProto model, Path file) throws IOException {
        Path abs = file.toAbsolutePath();
        if (abs.getParent() != null) Files.createDirectories(abs.getParent());
        Path tmp = abs.resolveSibling(abs.getFileName() + ".part");
        try (var out = Files.newOutputStream(tmp)) {
            model.writeTo(out);
        }
        Files.move(tmp, abs, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** The model's {@code metadata_props}, in file order. */
    public static Map<String, String> metadata(ModelProto model) {
        Map<String, String> props = new LinkedHashMap<>();
        for (StringStringEntryProto e : model.getMetadataPropsList()) props.put(e.getKey(), e.getValue());
        return props;
    }

    /**
     * The {@code metadata_props} of an ONNX file, reading only the top-level fields (the weights are skipped, not
     * parsed): cheap enough to ask of every backbone that is opened.
     *
     * @throws OnnxModelException for a file that does not parse as ONNX
     */
    public static Map<String, String> readMetadata(Path file) throws OnnxModelException {
        Map<String, String> props = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(file)) {
            CodedInputStream coded = CodedInputStream.newInstance(in, 1 << 16);
            coded.setSizeLimit(SIZE_LIMIT);
            int metadataField = ModelProto.METADATA_PROPS_FIELD_NUMBER;
            for (int tag = coded.readTag(); tag != 0; tag = coded.readTag()) {
                if (tag >>> 3 == metadataField) {
                    StringStringEntryProto e = StringStringEntryProto.parseFrom(coded.readBytes());
                    props.put(e.getKey(), e.getValue());
                } else if (!coded.skipField(tag)) {
                    break;
                }
            }
        } catch (InvalidProtocolBufferException e) {
            throw new OnnxModelException(file + " is not an ONNX model (damaged, or another format): " + e.getMessage(), e);
        } catch (IOException e) {
            throw new OnnxModelException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return props;
    }
}
