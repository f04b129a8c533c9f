package org.actionrec.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.actionrec.ActionRecognizer;
import org.actionrec.RecognizerOptions;
import org.actionrec.modelfile.ModelManifest;

/** The models a service serves, by name: each an opened {@link ActionRecognizer}, closed with the catalog. */
public final class ModelCatalog implements AutoCloseable {
    /** A served model: its name in the routes, the file it was opened from, the recogniser. */
    public record Entry(String name, Path file, ActionRecognizer recognizer) {
        public Entry {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(recognizer, "recognizer");
        }
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    public ModelCatalog(List<Entry> models) {
        if (models.isEmpty()) throw new IllegalArgumentException("a service needs at least one model");
        for (Entry e : models) {
            if (!e.name().matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException("model name '" + e.name() + "' may hold only letters, digits, "
                        + "'.', '_' and '-' (it is part of the routes' paths)");
            }
            if (entries.putIfAbsent(e.name(), e) != null) {
                throw new IllegalArgumentException("two models are named '" + e.name() + "'; name them with NAME=FILE");
            }
        }
    }

    /**
     * Opens each model file with {@code options} (the same backbone options for all); on a failure the ones
     * already opened are closed.
     *
     * @param files model files by the name they are served under
     */
    public static ModelCatalog open(Map<String, Path> files, RecognizerOptions options) throws Exception {
        List<Entry> opened = new ArrayList<>();
        try {
            for (Map.Entry<String, Path> f : files.entrySet()) {
                opened.add(new Entry(f.getKey(), f.getValue(), ActionRecognizer.open(f.getValue(), options)));
            }
            return new ModelCatalog(opened);
        } catch (Exception | Error e) {
            opened.forEach(x -> x.recognizer().close());
            throw e;
        }
    }

    /**
     * The name a model file is served under when none is given ({@code NAME=FILE} gives one): the file's name
     * without {@code .actionrec}, so {@code out/model.actionrec} is {@code model}.
     */
    public static String defaultName(Path file) {
        Path name = file.toAbsolutePath().normalize().getFileName();
        String base = name == null ? "model" : name.toString();
        String stem = base.endsWith(".actionrec") ? base.substring(0, base.length() - ".actionrec".length()) : base;
        return stem.isEmpty() ? "model" : stem.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** The model of this name, or a 404 that lists the names served. */
    public Entry get(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            throw ApiException.notFound("no model named '" + name + "'; served: " + String.join(", ", entries.keySet()));
        }
        return e;
    }

    public List<Entry> all() {
        return Collections.unmodifiableList(new ArrayList<>(entries.values()));
    }

    /** What {@code GET /v1/models/{name}} answers: what the model file says of itself. */
    public static Map<String, Object> describe(Entry e) {
        ModelManifest m = e.recognizer().model();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", e.name());
        d.put("kind", m.kind());
        d.put("model", m.model());
        d.put("description", m.description());
        d.put("classes", m.classes());
        d.put("streams", m.streamConfig().orderedStreams().stream().map(s -> s.id()).toList());
        d.put("keyframes", m.streamConfig().keyframes());
        Map<String, Object> backbone = new LinkedHashMap<>();
        backbone.put("name", m.backbone().name());
        backbone.put("file_name", m.backbone().fileName());
        backbone.put("sha256", m.backbone().sha256());
        backbone.put("embedded", m.backbone().embedded() != null);
        d.put("backbone", backbone);
        d.put("temperature", m.calibration().temperature());
        d.put("protocol", withoutPaths(m.protocol()));
        d.put("test", withoutPaths(m.test()));
        return d;
    }

    /** An absolute path in a text ({@code /data/jhmdb/splits}): a client sees only its last name. */
    private static final java.util.regex.Pattern ABSOLUTE_PATH =
            java.util.regex.Pattern.compile("(?<![\\w.:/])(?:/[^\\s/,;()'\"\\[\\]]+)+/?");

    /** The value with every absolute path in its texts cut to its last name: answers never show server paths. */
    static Object withoutPaths(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, withoutPaths(v)));
            return out;
        }
        if (value instanceof List<?> list) return list.stream().map(ModelCatalog::withoutPaths).toList();
        if (value instanceof String text) {
            return ABSOLUTE_PATH.matcher(text).replaceAll(r -> {
                String p = r.group().replaceAll("/+$", "");
                return java.util.regex.Matcher.quoteReplacement(p.substring(p.lastIndexOf('/') + 1));
            });
        }
        return value;
    }

    /** A short line per model for {@code GET /v1/models}. */
    public static Map<String, Object> summary(Entry e) {
        ModelManifest m = e.recognizer().model();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", e.name());
        d.put("model", m.model());
        d.put("classes", m.classes().size());
        d.put("streams", m.streamConfig().orderedStreams().stream().map(s -> s.id()).toList());
        d.put("url", "/v1/models/" + e.name());
        return d;
    }

    /** Closes every model once; later calls do nothing (a shutdown hook and a try block may both close it). */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        entries.values().forEach(e -> e.recognizer().close());
    }
}
