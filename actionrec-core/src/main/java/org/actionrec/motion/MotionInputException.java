package org.actionrec.motion;

/** Frames given to a motion encoder cannot be used (sizes differ, too few frames, index out of range). */
public class MotionInputException extends IllegalArgumentException {
    public MotionInputException(String message) {
        super(message);
    }
}
