package org.actionrec.backbone;

/**
 * Base of the typed errors raised while finding, loading or running a backbone. Every message names the
 * file (or URL) involved and the cause, so a batch job can record it and go on.
 */
public class BackboneException extends Exception {
    private static final long serialVersionUID = 1L;

    public BackboneException(String message) {
        super(message);
    }

    public BackboneException(String message, Throwable cause) {
        super(message, cause);
    }
}
