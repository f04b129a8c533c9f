package org.actionrec.backbone;

import java.nio.file.Path;
import java.util.List;

/** No model file was found; the message says where to put it and how to pass a path instead. */
public final class ModelFileNotFoundException extends BackboneException {
    private static final long serialVersionUID = 1L;

    private final transient List<Path> candidates;

    public ModelFileNotFoundException(String message, List<Path> candidates) {
        super(message);
        this.candidates = List.copyOf(candidates);
    }

    /** The files that were looked for, in the order they were tried. */
    public List<Path> candidates() {
        return candidates;
    }
}
