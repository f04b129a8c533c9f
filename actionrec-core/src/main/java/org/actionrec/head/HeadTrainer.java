package org.actionrec.head;

import java.util.List;

/** Trains a head on labelled clips of one stream; labels are class indices in [0, classCount). */
@FunctionalInterface
public interface HeadTrainer {
    ClipClassifier train(List<LabelledClip> clips, int classCount);
}
