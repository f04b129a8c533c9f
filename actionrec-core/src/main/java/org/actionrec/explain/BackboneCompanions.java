package org.actionrec.explain;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.actionrec.backbone.BackboneEngine;
import org.actionrec.backbone.BackboneLoadException;
import org.actionrec.backbone.BackboneSpec;
import org.actionrec.backbone.QuantizedFrom;

/**
 * The files an explanation needs beside the backbone a model predicts with: its conv-map companion (the same
 * network up to the last convolution, named by the registry, e.g. {@code mobilenet_v2_convmap.onnx} beside
 * {@code mobilenet_v2_features.onnx}) and its TorchScript file (for pixel gradients, which ONNX Runtime cannot
 * give). They are looked for beside the backbone file first, then in the folders given. That a companion
 * computes what the backbone computes is checked numerically where it is used ({@link Explainer}), since the
 * files' checksums differ by format.
 */
public final class BackboneCompanions {
    private BackboneCompanions() {
    }

    /**
     * The conv-map companion of {@code backboneFile}: for an int8 backbone, the int8 companion its metadata names
     * (quantized with it, so that its maps average to the backbone's descriptors); else by the registry's names.
     *
     * @throws BackboneLoadException naming the file names and folders searched
     */
    public static Path convMapFile(BackboneSpec spec, Path backboneFile, List<Path> folders)
            throws BackboneLoadException {
        List<Path> dirs = searched(backboneFile, folders);
        Optional<QuantizedFrom> int8 = QuantizedFrom.of(backboneFile);
        if (int8.isPresent()) {
            Optional<String> named = Optional.ofNullable(int8.get().convMapFile());
            if (named.isEmpty()) {
                throw new BackboneLoadException(backboneFile.getFileName() + " is an int8 backbone without an int8 "
                        + "conv-map companion, which explaining needs: quantize it again with its companion beside "
                        + "the float backbone (actionrec quantize --convmap " + spec.convMapFileNames().get(0) + ")");
            }
            return find(List.of(named.get()), dirs).orElseThrow(() -> new BackboneLoadException("explaining needs "
                    + named.get() + ", the int8 conv-map companion that " + backboneFile.getFileName() + " names, not "
                    + "found in " + dirs + "; put it beside the backbone or in the model folder"));
        }
        return find(spec.convMapFileNames(), dirs).orElseThrow(() -> new BackboneLoadException(
                "explaining needs the conv-map companion of " + backboneFile.getFileName() + " (" + spec.name()
                        + "'s last convolution: " + String.join(" or ", spec.convMapFileNames())
                        + "), not found in " + dirs + "; put it beside the backbone or in the model folder"));
    }

    /**
     * The TorchScript file of the backbone (its features, for pixel gradients): the backbone itself where it is
     * one, else {@code <stem>.pt} beside it or in the folders; empty where there is none.
     */
    public static Optional<Path> torchScriptFile(BackboneSpec spec, Path backboneFile, List<Path> folders) {
        String ext = BackboneEngine.PYTORCH.extension();
        if (backboneFile.getFileName() != null
                && backboneFile.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(ext)) {
            return Optional.of(backboneFile);
        }
        return find(List.of(spec.fileStem() + ext), searched(backboneFile, folders));
    }

    private static List<Path> searched(Path backboneFile, List<Path> folders) {
        LinkedHashSet<Path> dirs = new LinkedHashSet<>();
        Path parent = backboneFile.toAbsolutePath().getParent();
        if (parent != null) dirs.add(parent);
        for (Path f : folders) {
            if (f != null) dirs.add(f.toAbsolutePath());
        }
        return new ArrayList<>(dirs);
    }

    private static Optional<Path> find(List<String> names, List<Path> dirs) {
        for (String name : names) {
            for (Path dir : dirs) {
                Path candidate = dir.resolve(name);
                if (Files.isRegularFile(candidate)) return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
