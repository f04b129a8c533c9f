package org.actionrec.video;

/**
 * Limits and settings for decoding.
 *
 * @param maxPixels frames larger than this (width x height) are refused with {@code TOO_LARGE} before any is
 *     decoded, so a huge file cannot exhaust memory; default 8192 x 8192
 * @param maxFrames decoding stops after this many frames (a guard against endless streams); default 1,000,000
 * @param decoderThreads FFmpeg decoder threads per file; 1 by default because extraction decodes several files
 *     in parallel and the backbone needs the cores
 * @param singlePassBytes a clip whose frames (by its header's count) fit in this many bytes of RGB is
 *     converted whole in one pass and the plan applied afterwards, which beats a second pass when the header
 *     count is wrong (as in every JHMDB file); longer clips keep only the planned frames. Default 64 MiB.
 */
public record DecodeOptions(long maxPixels, int maxFrames, int decoderThreads, long singlePassBytes) {
    public static final DecodeOptions DEFAULTS = new DecodeOptions(8192L * 8192L, 1_000_000, 1, 64L << 20);

    public DecodeOptions {
        if (maxPixels <= 0 || maxFrames <= 0 || decoderThreads <= 0 || singlePassBytes < 0) {
            throw new IllegalArgumentException("decode limits must be positive");
        }
    }
}
