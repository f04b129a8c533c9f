package org.actionrec.backbone;

/** A model file's sha256 differs from the one the user expected. */
public final class ChecksumMismatchException extends BackboneException {
    private static final long serialVersionUID = 1L;

    private final String expectedSha256;
    private final String actualSha256;

    public ChecksumMismatchException(String source, String expectedSha256, String actualSha256) {
        super("sha256 mismatch for " + source + ": expected " + expectedSha256 + " but the file has " + actualSha256
                + " (the file may be corrupt, truncated or a different version)");
        this.expectedSha256 = expectedSha256;
        this.actualSha256 = actualSha256;
    }

    public String expectedSha256() {
        return expectedSha256;
    }

    public String actualSha256() {
        return actualSha256;
    }
}
