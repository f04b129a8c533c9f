package org.actionrec.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.actionrec.video.FfmpegVideoReader;
import org.actionrec.video.VideoMetadata;
import org.actionrec.video.VideoReadException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "info", description = "Print a video's metadata (frame count verified by decoding).")
final class InfoCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "VIDEO", description = "video files")
    List<Path> videos;

    @Option(names = "--no-count", description = "trust the container's frame count instead of decoding every frame")
    boolean noCount;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        FfmpegVideoReader reader = new FfmpegVideoReader();
        List<Map<String, Object>> rows = new ArrayList<>();
        int failures = 0;
        for (Path video : videos) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("file", video.toString());
            try {
                VideoMetadata m = noCount ? reader.probe(video) : reader.count(video);
                row.put("container", m.container());
                row.put("codec", m.codec());
                row.put("width", m.width());
                row.put("height", m.height());
                row.put("fps", m.fps());
                row.put("duration_s", m.durationSeconds());
                row.put("header_frames", m.headerFrameCount());
                if (!noCount) {
                    row.put("decoded_frames", m.decodedFrameCount());
                }
            } catch (VideoReadException e) {
                failures++;
                row.put("error", e.reason().name());
                row.put("message", e.getMessage());
            }
            rows.add(row);
        }
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(rows.size() == 1 ? rows.get(0) : rows));
        } else {
            for (Map<String, Object> row : rows) {
                out.println(row.get("file"));
                row.forEach((k, v) -> {
                    if (!k.equals("file")) {
                        out.printf("  %-14s %s%n", k, v);
                    }
                });
            }
        }
        return failures == 0 ? 0 : 2;
    }
}
