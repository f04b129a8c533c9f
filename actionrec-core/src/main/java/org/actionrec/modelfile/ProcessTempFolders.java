package org.actionrec.modelfile;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Private temporary folders named after the process that made them ({@code <prefix><pid>-<random>}), so that the
 * folders of a process that was killed before it could delete them (an unpacked model, a service's uploads) are
 * found and deleted by the next process that makes one: a folder is deleted only where no process of its id runs.
 */
public final class ProcessTempFolders {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessTempFolders.class);
    private static final Set<String> SWEPT = ConcurrentHashMap.newKeySet();

    private ProcessTempFolders() {
    }

    /**
     * A new folder only this user can read, in {@code parent}; the first call for a parent and prefix in this JVM
     * first deletes the folders of that prefix left by processes that no longer run.
     */
    public static Path create(Path parent, String prefix) throws IOException {
        Files.createDirectories(parent);
        if (SWEPT.add(parent.toAbsolutePath().normalize() + "\u0000" + prefix)) sweep(parent, prefix);
        String name = prefix + ProcessHandle.current().pid() + "-";
        try {
            return Files.createTempDirectory(parent, name,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) { // not a POSIX file system
            return Files.createTempDirectory(parent, name);
        }
    }

    /** The system's temporary folder. */
    public static Path systemTemp() {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    /** Deletes {@code parent}'s folders of {@code prefix} whose process is gone; returns how many. */
    public static int sweep(Path parent, String prefix) {
        Pattern named = Pattern.compile(Pattern.quote(prefix) + "(\\d+)-.*");
        int deleted = 0;
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(parent, prefix + "*")) {
            for (Path folder : folders) {
                Matcher m = named.matcher(folder.getFileName().toString());
                if (!m.matches() || !Files.isDirectory(folder) || !Files.isWritable(folder)) continue;
                long pid;
                try {
                    pid = Long.parseLong(m.group(1));
                } catch (NumberFormatException e) {
                    continue;
                }
                if (ProcessHandle.of(pid).isPresent()) continue; // its process still runs (or one with its id)
                if (deleteTree(folder)) {
                    deleted++;
                    LOG.info("deleted {}, left by process {} that no longer runs", folder, pid);
                }
            }
        } catch (IOException e) {
            LOG.debug("could not look for folders left in {}: {}", parent, e.toString());
        }
        return deleted;
    }

    /** Deletes a folder and all it holds; false where something could not be deleted (logged). */
    public static boolean deleteTree(Path root) {
        if (root == null || !Files.exists(root)) return true;
        boolean all = true;
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    all = false;
                    LOG.warn("could not delete {}: {}", p, e.toString());
                }
            }
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", root, e.toString());
            return false;
        }
        return all;
    }
}
