package org.actionrec.backbone.onnx;

import org.actionrec.backbone.BackboneException;

/**
 * An ONNX file that cannot be read or is not one this code can work on: damaged, not ONNX at all, or using an op
 * or field that is not supported. The message names the file and the op or field.
 */
public final class OnnxModelException extends BackboneException {
    private static final long serialVersionUID = 1L;

    public OnnxModelException(String message) {
        super(message);
    }

    public OnnxModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
