package org.actionrec;

import java.nio.file.Path;

/** The README's Java example, compiled and run by {@link ActionRecognizerTest}; ReadmeExampleTest keeps the two equal. */
final class ReadmeExample {
    private ReadmeExample() {
    }

    static String recognise(Path modelFile, Path video) throws Exception {
        // README example begins
        try (ActionRecognizer recognizer = ActionRecognizer.open(modelFile)) {
            Recognition result = recognizer.predict(video);
            Recognition.ClassProbability best = result.top().get(0);
            return best.label() + " " + best.probability();
        }
        // README example ends
    }
}
