package org.actionrec.explain;

import java.util.List;

/**
 * What to explain.
 *
 * @param classes       the classes to explain, by label; empty: the {@code top} most probable
 * @param top           how many of the most probable classes to explain where {@code classes} is empty
 * @param saliencyViews pixel saliency for this many views, those with the largest share of the class's evidence
 *                      (0: none; {@link #ALL_VIEWS}: every view). Each costs a forward and backward pass of the
 *                      TorchScript backbone, the dearest part of an explanation by far.
 */
public record ExplainOptions(List<String> classes, int top, int saliencyViews) {
    public static final int ALL_VIEWS = Integer.MAX_VALUE;
    /** Saliency views by default: what keeps one JHMDB clip (5 keyframes x 4 streams) within 3 s on 2 cores. */
    public static final int DEFAULT_SALIENCY_VIEWS = 4;

    public ExplainOptions {
        classes = List.copyOf(classes);
        if (top < 1) throw new IllegalArgumentException("top must be at least 1, got " + top);
        if (saliencyViews < 0) throw new IllegalArgumentException("saliencyViews must be >= 0, got " + saliencyViews);
    }

    /** The predicted class, with conv-map evidence and pixel saliency of its {@value #DEFAULT_SALIENCY_VIEWS} main views. */
    public static ExplainOptions defaults() {
        return new ExplainOptions(List.of(), 1, DEFAULT_SALIENCY_VIEWS);
    }

    public ExplainOptions withClasses(List<String> labels) {
        return new ExplainOptions(labels, top, saliencyViews);
    }

    public ExplainOptions withTop(int k) {
        return new ExplainOptions(classes, k, saliencyViews);
    }

    /** Saliency for the {@code views} views with the most evidence (0: none; {@link #ALL_VIEWS}: all). */
    public ExplainOptions withSaliencyViews(int views) {
        return new ExplainOptions(classes, top, views);
    }

    public boolean saliency() {
        return saliencyViews > 0;
    }
}
