package org.actionrec.backbone;

/** A model URL could not be fetched, or fetching was not allowed (offline mode). */
public final class ModelDownloadException extends BackboneException {
    private static final long serialVersionUID = 1L;

    public ModelDownloadException(String message) {
        super(message);
    }

    public ModelDownloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
