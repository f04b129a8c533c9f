package org.actionrec.options;

import java.util.EnumSet;
import java.util.List;
import org.actionrec.streams.FlowMethod;
import org.actionrec.streams.Stream;
import org.actionrec.streams.StreamConfig;
import picocli.CommandLine.Option;

/** Options shared by the commands that make keyframe images. */
public final class StreamOptions {
    @Option(names = {"-k", "--keyframes"}, defaultValue = "5", description = "uniform keyframes per video (default ${DEFAULT-VALUE})")
    int keyframes;

    @Option(names = "--streams", split = ",", defaultValue = "rgb,flow_x,flow_y,mhi",
            description = "streams: rgb, flow_x, flow_y, mhi (default ${DEFAULT-VALUE})")
    List<String> streams;

    @Option(names = "--flow", defaultValue = "farneback", description = "optical flow: farneback or dis (default ${DEFAULT-VALUE})")
    String flow;

    /** {@code --flow} as given: farneback or dis. */
    public String flow() {
        return flow;
    }

    public StreamConfig config() {
        EnumSet<Stream> set = EnumSet.noneOf(Stream.class);
        streams.forEach(s -> set.add(Stream.parse(s)));
        FlowMethod method = switch (flow.toLowerCase(java.util.Locale.ROOT)) {
            case "farneback" -> FlowMethod.FARNEBACK;
            case "dis" -> FlowMethod.DIS;
            default -> throw new IllegalArgumentException("--flow takes farneback or dis, not " + flow);
        };
        return StreamConfig.ALL_STREAMS.withStreams(set).withKeyframes(keyframes).withFlowMethod(method);
    }
}
