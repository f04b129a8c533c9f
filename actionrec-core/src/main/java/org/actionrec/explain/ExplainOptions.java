package org.actionrec.explain;

import java.util.List;

/**
 * What to explain.
 *
 * @param classes  the classes to explain, by label; empty: the {@code top} most probable
 * @param top      how many of the most probable classes to explain where {@code classes} is empty
 * @param saliency whether to compute pixel saliency too (one forward and backward pass of the TorchScript
 *                 backbone over all the clip's images per class)
 */
public record ExplainOptions(List<String> classes, int top, boolean saliency) {
    public ExplainOptions {
        classes = List.copyOf(classes);
        if (top < 1) throw new IllegalArgumentException("top must be at least 1, got " + top);
    }

    /** The predicted class, with conv-map evidence and pixel saliency. */
    public static ExplainOptions defaults() {
        return new ExplainOptions(List.of(), 1, true);
    }

    public ExplainOptions withClasses(List<String> labels) {
        return new ExplainOptions(labels, top, saliency);
    }

    public ExplainOptions withTop(int k) {
        return new ExplainOptions(classes, k, saliency);
    }

    public ExplainOptions withSaliency(boolean on) {
        return new ExplainOptions(classes, top, on);
    }
}
