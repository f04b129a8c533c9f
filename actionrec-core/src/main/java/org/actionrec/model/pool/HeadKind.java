package org.actionrec.model.pool;

import java.util.Locale;
import org.actionrec.head.HeadTrainer;
import org.actionrec.head.LinearSvmHead;
import org.actionrec.head.SoftmaxConfig;
import org.actionrec.head.SoftmaxHead;
import org.actionrec.head.SvmConfig;

/** The per-stream head: paper 000's linear SVM (LIBLINEAR) or paper 003's softmax trained by L-BFGS. */
public enum HeadKind {
    SVM, SOFTMAX;

    /**
     * The trainer for regularisation strength C (larger C = weaker regularisation); for the softmax head
     * C maps to an L2 weight of 1e-3 / C, so C = 1 gives its default.
     */
    public HeadTrainer trainer(double c, PoolSettings settings) {
        return switch (this) {
            case SVM -> {
                SvmConfig d = SvmConfig.defaults();
                yield LinearSvmHead.trainer(new SvmConfig(c, settings.svmTolerance(), d.maxIterations(), d.bias(),
                        settings.threads(), d.seed()));
            }
            case SOFTMAX -> {
                SoftmaxConfig d = SoftmaxConfig.defaults();
                yield SoftmaxHead.trainer(new SoftmaxConfig(1e-3 / c, d.maxIterations(), d.gradientTolerance(), d.memory()));
            }
        };
    }

    public static HeadKind parse(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }
}
