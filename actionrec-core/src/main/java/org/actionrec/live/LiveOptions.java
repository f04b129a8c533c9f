package org.actionrec.live;

/**
 * How a source is read and cut into windows.
 *
 * @param windowS     window seconds; null: the lower quartile of the model's training clip durations
 * @param strideS     stride seconds; null: half the window
 * @param realtime    play a file at its own frame rate (a stream or device always runs at its own)
 * @param queueFrames frames the queue between the reader and recognition holds
 * @param dropOldest  whether a full queue drops its oldest frame (true) or makes the reader wait (false); null:
 *                    drop for streams, devices and files played in real time, wait for files read as fast as
 *                    possible (nothing is lost, and the windows are the file's timeline's)
 * @param reconnect   what to do when a stream or device is lost
 */
public record LiveOptions(Double windowS, Double strideS, boolean realtime, int queueFrames, Boolean dropOldest,
                          ReconnectPolicy reconnect) {
    public static final LiveOptions DEFAULTS = new LiveOptions(null, null, false, 64, null, ReconnectPolicy.DEFAULTS);

    public LiveOptions {
        if (queueFrames < 1) throw new IllegalArgumentException("the queue must hold at least one frame");
        if (reconnect == null) reconnect = ReconnectPolicy.DEFAULTS;
    }

    public LiveOptions withWindow(Double window, Double stride) {
        return new LiveOptions(window, stride, realtime, queueFrames, dropOldest, reconnect);
    }

    public LiveOptions withRealtime(boolean r) {
        return new LiveOptions(windowS, strideS, r, queueFrames, dropOldest, reconnect);
    }

    public LiveOptions withQueue(int frames, Boolean drop) {
        return new LiveOptions(windowS, strideS, realtime, frames, drop, reconnect);
    }

    public LiveOptions withReconnect(ReconnectPolicy policy) {
        return new LiveOptions(windowS, strideS, realtime, queueFrames, dropOldest, policy);
    }

    boolean drops(Source source) {
        return dropOldest != null ? dropOldest : source.kind() != Source.Kind.FILE || realtime;
    }
}
