package org.actionrec.recognizer;

/** A model bundle used with a backbone other than the one its heads were trained on. */
public class ModelMismatchException extends Exception {
    public ModelMismatchException(String message) {
        super(message);
    }
}
