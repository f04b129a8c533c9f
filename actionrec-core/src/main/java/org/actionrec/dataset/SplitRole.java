package org.actionrec.dataset;

/** The side a split file puts a clip on; HMDB51 writes these as 0, 1, 2. */
public enum SplitRole {
    UNUSED, TRAIN, TEST;

    /** The role for an HMDB51 split-file flag, or null where the flag is not 0, 1 or 2. */
    static SplitRole fromHmdbFlag(String flag) {
        return switch (flag) {
            case "0" -> UNUSED;
            case "1" -> TRAIN;
            case "2" -> TEST;
            default -> null;
        };
    }
}
