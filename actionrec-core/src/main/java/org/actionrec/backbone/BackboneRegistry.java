package org.actionrec.backbone;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The backbones of the papers, by name. All take ImageNet preprocessing (resize 256, centre crop 224,
 * ImageNet mean/std). Descriptors are the layer the papers use for transfer:
 * <ul>
 *   <li>alexnet: fc7 after ReLU, 4096 (the usual "off-the-shelf" AlexNet feature; the 9216-float pool5 map is
 *       larger and spatial, and is not what the papers' SVMs were fed)</li>
 *   <li>vgg16, vgg19: fc7 after ReLU, 4096</li>
 *   <li>googlenet: global average pool before the classifier, 1024</li>
 *   <li>resnet18: global average pool, 512; resnet50/101/152: global average pool, 2048</li>
 *   <li>mobilenet_v2: global average pool, 1280</li>
 * </ul>
 * Each is looked for as {@code <name>_features.onnx} or {@code <name>_features.pt} (see {@link ModelResolver}).
 * The registry is immutable; {@link #with} gives a copy with more entries.
 */
public final class BackboneRegistry {

    private static final BackboneRegistry STANDARD = new BackboneRegistry(List.of(
            BackboneSpec.imagenet("alexnet", 4096, "fc7 (after ReLU)"),
            BackboneSpec.imagenet("vgg16", 4096, "fc7 (after ReLU)"),
            BackboneSpec.imagenet("vgg19", 4096, "fc7 (after ReLU)"),
            BackboneSpec.imagenet("googlenet", 1024, "global average pool"),
            BackboneSpec.imagenet("resnet18", 512, "global average pool"),
            BackboneSpec.imagenet("resnet50", 2048, "global average pool"),
            BackboneSpec.imagenet("resnet101", 2048, "global average pool"),
            BackboneSpec.imagenet("resnet152", 2048, "global average pool"),
            BackboneSpec.imagenet("mobilenet_v2", 1280, "global average pool")));

    private final Map<String, BackboneSpec> specs;

    private BackboneRegistry(Collection<BackboneSpec> specs) {
        Map<String, BackboneSpec> map = new LinkedHashMap<>();
        for (BackboneSpec s : specs) {
            if (map.put(key(s.name()), s) != null) {
                throw new IllegalArgumentException("backbone name registered twice: " + s.name());
            }
        }
        this.specs = Collections.unmodifiableMap(map);
    }

    /** The papers' backbones. */
    public static BackboneRegistry standard() {
        return STANDARD;
    }

    /** A copy of this registry with {@code spec} added (or replacing the entry of the same name). */
    public BackboneRegistry with(BackboneSpec spec) {
        Map<String, BackboneSpec> map = new LinkedHashMap<>(specs);
        map.put(key(spec.name()), spec);
        return new BackboneRegistry(map.values());
    }

    /** The registered names, in registration order. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        for (BackboneSpec s : specs.values()) {
            names.add(s.name());
        }
        return names;
    }

    /** The spec registered under {@code name} (case-insensitive). */
    public Optional<BackboneSpec> find(String name) {
        return Optional.ofNullable(specs.get(key(name)));
    }

    /** The spec registered under {@code name}; an error listing the known names if there is none. */
    public BackboneSpec require(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException(
                "unknown backbone '" + name + "'; known backbones: " + String.join(", ", names())));
    }

    /**
     * The spec whose name the file's name starts with (the longest such name), e.g.
     * {@code resnet50_features.onnx} gives resnet50 and {@code mobilenet_v2_int8_imagenet.pt} gives mobilenet_v2.
     */
    public Optional<BackboneSpec> forFile(Path file) {
        Path fileName = file.getFileName();
        if (fileName == null) {
            return Optional.empty();
        }
        String lower = key(fileName.toString());
        BackboneSpec best = null;
        for (Map.Entry<String, BackboneSpec> e : specs.entrySet()) {
            String n = e.getKey();
            if (!lower.startsWith(n)) {
                continue;
            }
            // "resnet50_features.pt" names resnet50, but "resnet500.pt" does not.
            boolean nameEnds = lower.length() == n.length() || !Character.isLetterOrDigit(lower.charAt(n.length()));
            if (nameEnds && (best == null || n.length() > key(best.name()).length())) {
                best = e.getValue();
            }
        }
        return Optional.ofNullable(best);
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
