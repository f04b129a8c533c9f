package org.actionrec;

import java.nio.file.Path;

/**
 * How {@link ActionRecognizer#open} finds and runs the backbone.
 *
 * @param backbone      the backbone to use (a file, a registry name or a URL), or null: the one embedded in the
 *                      model file, else the file the model names, looked up beside the model file and in
 *                      {@code modelDir}
 * @param modelDir      folder of backbone files (null: {@code ~/.actionrec/models})
 * @param allowDownload whether a backbone given by http(s) URL may be fetched
 * @param sessions      backbone sessions, i.e. videos predicted at once by different threads
 * @param threads       threads per backbone session (0: the engine's default)
 * @param top           classes each prediction lists
 */
public record RecognizerOptions(String backbone, Path modelDir, boolean allowDownload, int sessions, int threads,
                                int top) {
    public RecognizerOptions {
        if (sessions < 1) throw new IllegalArgumentException("sessions must be at least 1, got " + sessions);
        if (threads < 0) throw new IllegalArgumentException("threads must be >= 0, got " + threads);
        if (top < 1) throw new IllegalArgumentException("top must be at least 1, got " + top);
    }

    /** One session with as many threads as there are cores, the backbone from the model file, the top 5. */
    public static RecognizerOptions defaults() {
        return new RecognizerOptions(null, null, false, 1, Runtime.getRuntime().availableProcessors(), 5);
    }

    public RecognizerOptions withBackbone(String reference) {
        return new RecognizerOptions(reference, modelDir, allowDownload, sessions, threads, top);
    }

    public RecognizerOptions withModelDir(Path dir) {
        return new RecognizerOptions(backbone, dir, allowDownload, sessions, threads, top);
    }

    public RecognizerOptions withAllowDownload(boolean allow) {
        return new RecognizerOptions(backbone, modelDir, allow, sessions, threads, top);
    }

    public RecognizerOptions withSessions(int n, int threadsEach) {
        return new RecognizerOptions(backbone, modelDir, allowDownload, n, threadsEach, top);
    }

    /**
     * For timeline and live runs: two one-thread backbone sessions, which describe neighbouring windows at once
     * (in batches of 2). On 2 cores 1.3-1.4 times as fast as one two-thread session (docs/RESULTS.md).
     */
    public RecognizerOptions forWindows() {
        return withSessions(2, 1);
    }

    public RecognizerOptions withTop(int n) {
        return new RecognizerOptions(backbone, modelDir, allowDownload, sessions, threads, n);
    }
}
