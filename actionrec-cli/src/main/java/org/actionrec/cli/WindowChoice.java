package org.actionrec.cli;

import picocli.CommandLine.Option;

/** Window length and stride in seconds, shared by timeline and live. */
final class WindowChoice {
    @Option(names = "--window", description = "window seconds (default: the lower quartile of the model's training "
            + "clip durations, the median for older model files; rounded so that its keyframes fall on whole frames)")
    Double window;

    @Option(names = "--stride", description = "seconds between window starts (default: half the window; rounded to "
            + "whole keyframe spacings, so neighbouring windows share keyframes)")
    Double stride;
}
