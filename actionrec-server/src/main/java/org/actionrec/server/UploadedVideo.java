package org.actionrec.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request's video: an upload copied to its own file in the service's private folder (deleted on close), or a
 * file under {@code --allow-root} that the client named (never deleted).
 *
 * @param file       where it is on this machine
 * @param clientName what the client called it (for answers only: never a path the service opens)
 * @param owned      whether the service made the file and must delete it
 */
public record UploadedVideo(Path file, String clientName, boolean owned) implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UploadedVideo.class);

    @Override
    public void close() {
        if (!owned) return;
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("could not delete the upload {}: {}", file, e.toString());
        }
    }
}
