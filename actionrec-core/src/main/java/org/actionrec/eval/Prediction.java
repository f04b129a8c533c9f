package org.actionrec.eval;

/** One clip's outcome: its true and predicted class names and the score of the predicted class. */
public record Prediction(String clip, String trueClass, String predictedClass, double score) {
    public boolean correct() {
        return trueClass.equals(predictedClass);
    }
}
