package org.actionrec.recognizer;

import java.nio.file.Path;
import org.actionrec.backbone.BackboneException;
import org.actionrec.video.VideoReadException;

/** Predicts the action in a video: the frozen stream pool's {@link VideoRecognizer} or a trained model's. */
public interface Recognizer extends AutoCloseable {
    /** The {@code topK} most likely classes of the video, best first. */
    VideoRecognizer.Prediction predict(Path video, int topK) throws VideoReadException, BackboneException;

    /** Frees what the recogniser holds (not the backbone it was given). */
    @Override
    default void close() {
    }
}
