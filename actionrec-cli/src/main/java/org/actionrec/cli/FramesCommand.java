package org.actionrec.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.actionrec.options.StreamOptions;
import org.actionrec.streams.KeyframeImageWriter;
import org.actionrec.streams.KeyframeImages;
import org.actionrec.streams.StreamImageExtractor;
import org.actionrec.video.FfmpegVideoReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "frames", description = "Write a video's sampled keyframes and their motion images as PNG files.")
final class FramesCommand implements Callable<Integer> {
    @Parameters(paramLabel = "VIDEO", description = "video file")
    Path video;

    @Option(names = "--out", required = true, description = "output folder")
    Path out;

    @Mixin
    StreamOptions streams;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        KeyframeImages images;
        try (StreamImageExtractor extractor = new StreamImageExtractor(new FfmpegVideoReader(), streams.config())) {
            images = extractor.extract(video);
        }
        List<Path> files = KeyframeImageWriter.writePng(images, out);
        PrintWriter w = spec.commandLine().getOut();
        w.printf("%s: %d frames, keyframes %s%n", video, images.metadata().frameCount(),
                java.util.Arrays.toString(images.keyframes()));
        images.warnings().forEach(x -> w.println("warning: " + x));
        w.printf("wrote %d PNG files to %s%n", files.size(), out);
        return 0;
    }
}
