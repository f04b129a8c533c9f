package org.actionrec.backbone.clip;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.actionrec.backbone.BackboneLoadException;
import org.actionrec.transform.ImagePreprocessing;

/**
 * What a clip model needs, from the small JSON file beside it ({@code x3d_s.onnx} → {@code x3d_s.clip.json}):
 *
 * <pre>{@code
 * {"name": "x3d_s", "layout": "ncthw", "clip_length": 13, "frame_stride": 6, "input_size": 182,
 *  "resize_size": 182, "mean": [0.45, 0.45, 0.45], "std": [0.225, 0.225, 0.225], "embedding_size": 192}
 * }</pre>
 *
 * @param name          a name for reports
 * @param layout        how the frames meet the model
 * @param clipLength    T, frames per clip
 * @param frameStride   frames of the video between two of a clip's frames (1: consecutive)
 * @param preprocessing each frame's: shorter side resized to {@code resize_size}, centre crop {@code input_size},
 *                      {@code mean} and {@code std} per channel (R, G, B) of values in 0..1
 * @param embeddingSize floats in a clip's embedding, the model's output averaged as its layout says
 */
public record ClipBackboneSpec(String name, ClipLayout layout, int clipLength, int frameStride,
                               ImagePreprocessing preprocessing, int embeddingSize) {
    /** The suffix of a spec file beside its model. */
    public static final String SUFFIX = ".clip.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

    public ClipBackboneSpec {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("name is missing");
        if (layout == null) throw new IllegalArgumentException("layout is missing: ncthw or tsm");
        if (clipLength < 1) throw new IllegalArgumentException("clip_length must be at least 1, got " + clipLength);
        if (frameStride < 1) throw new IllegalArgumentException("frame_stride must be at least 1, got " + frameStride);
        if (preprocessing == null) throw new IllegalArgumentException("preprocessing is missing");
        if (embeddingSize < 1) throw new IllegalArgumentException("embedding_size must be positive, got " + embeddingSize);
    }

    /** Side of the square crop the model takes. */
    public int inputSize() {
        return preprocessing.crop();
    }

    /** Floats of one preprocessed frame, CHW. */
    public int floatsPerFrame() {
        return preprocessing.tensorLength();
    }

    /** Floats of one clip, its T frames one after another, each CHW. */
    public int floatsPerClip() {
        return clipLength * floatsPerFrame();
    }

    /** Frames of the video one clip spans. */
    public int span() {
        return (clipLength - 1) * frameStride + 1;
    }

    /** Where the spec of {@code model} is: beside it, its extension replaced by {@value #SUFFIX}. */
    public static Path besideModel(Path model) {
        String name = model.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return model.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + SUFFIX);
    }

    /** Reads a spec file; every field is required and an unknown one is refused, each error naming the field. */
    public static ClipBackboneSpec read(Path file) throws BackboneLoadException {
        Json json;
        try {
            json = JSON.readValue(Files.readAllBytes(file), Json.class);
        } catch (NoSuchFileException e) {
            throw new BackboneLoadException("no clip spec " + file + ": a clip model needs a JSON file beside it "
                    + "naming its layout, clip_length, frame_stride, input_size, resize_size, mean, std and "
                    + "embedding_size (docs/GUIDE.md, \"Clip backbones\")");
        } catch (JsonMappingException e) {
            String field = e.getPath().isEmpty() ? "" : " (field " + e.getPath().get(e.getPath().size() - 1)
                    .getFieldName() + ")";
            String why = e.getOriginalMessage().lines().findFirst().orElse("")
                    .replaceAll("Missing required creator property '(\\w+)' \\(index \\d+\\)", "$1 is missing");
            throw new BackboneLoadException("clip spec " + file + field + ": " + why, e);
        } catch (IOException e) {
            throw new BackboneLoadException("cannot read clip spec " + file + ": " + e.getMessage(), e);
        }
        try {
            return json.toSpec();
        } catch (IllegalArgumentException e) {
            throw new BackboneLoadException("clip spec " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes this spec as JSON. */
    public void write(Path file) throws IOException {
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), new Json(name, layout.id(), clipLength,
                frameStride, preprocessing.crop(), preprocessing.resize(), preprocessing.mean(), preprocessing.std(),
                embeddingSize));
    }

    /** The file's form: the layout as its name. */
    private record Json(@JsonProperty(required = true) String name, @JsonProperty(required = true) String layout,
                        @JsonProperty(required = true) int clipLength, @JsonProperty(required = true) int frameStride,
                        @JsonProperty(required = true) int inputSize, @JsonProperty(required = true) int resizeSize,
                        @JsonProperty(required = true) float[] mean, @JsonProperty(required = true) float[] std,
                        @JsonProperty(required = true) int embeddingSize) {
        ClipBackboneSpec toSpec() {
            return new ClipBackboneSpec(name, layout == null ? null : ClipLayout.of(layout), clipLength, frameStride,
                    new ImagePreprocessing(resizeSize, inputSize, mean, std), embeddingSize);
        }
    }
}
