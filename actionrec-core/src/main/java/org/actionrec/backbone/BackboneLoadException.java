package org.actionrec.backbone;

/** A model file exists but could not be loaded by the chosen engine, or gave an unusable output. */
public final class BackboneLoadException extends BackboneException {
    private static final long serialVersionUID = 1L;

    public BackboneLoadException(String message) {
        super(message);
    }

    public BackboneLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
