package org.actionrec.backbone;

/** A forward pass failed inside the engine. */
public final class BackboneInferenceException extends BackboneException {
    private static final long serialVersionUID = 1L;

    public BackboneInferenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
