package org.actionrec.spark;

import java.io.Serializable;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import org.actionrec.streams.FlowMethod;
import org.actionrec.streams.Stream;
import org.actionrec.streams.StreamConfig;

/**
 * What every task needs to extract descriptors as the driver would: the backbone file (on a path every node
 * sees), the stream settings as plain values, and the settings digest the rows are keyed by. Sent to the
 * executors with each task, so it holds no native object.
 *
 * @param backboneFile   absolute path of the backbone file
 * @param backboneSha256 its sha256 as the driver read it; an executor reading another file refuses to run
 * @param specName       the backbone registry entry (preprocessing, descriptor)
 * @param batchSize      images per forward pass
 * @param engineThreads  the engine's intra-op threads per executor JVM (its cores); 0 = the executor's processors
 * @param keyframes      uniform keyframes per clip
 * @param streams        stream ids in their fixed order
 * @param flow           the optical flow method's name
 * @param settingsDigest {@link org.actionrec.features.FeatureStore#digestOf} of the extractor's settings
 * @param runId          this run's id, written into every row it adds
 */
public record ExtractionSettings(String backboneFile, String backboneSha256, String specName, int batchSize,
                                 int engineThreads, int keyframes, List<String> streams, String flow,
                                 String settingsDigest, String runId) implements Serializable {
    public ExtractionSettings {
        Objects.requireNonNull(backboneFile, "backboneFile");
        Objects.requireNonNull(backboneSha256, "backboneSha256");
        streams = List.copyOf(streams);
    }

    /** The stream settings as the driver's {@link StreamConfig} (motion parameters at their defaults). */
    public StreamConfig streamConfig() {
        EnumSet<Stream> set = EnumSet.noneOf(Stream.class);
        streams.forEach(s -> set.add(Stream.parse(s)));
        return StreamConfig.ALL_STREAMS.withStreams(set).withKeyframes(keyframes).withFlowMethod(FlowMethod.valueOf(flow));
    }

    /** The engine threads on this JVM: as given, else every processor it has. */
    public int threadsHere() {
        return engineThreads > 0 ? engineThreads : Runtime.getRuntime().availableProcessors();
    }
}
