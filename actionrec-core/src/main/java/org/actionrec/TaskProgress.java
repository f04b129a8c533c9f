package org.actionrec;

/**
 * Progress of long work made of named tasks (extract a stream, train a split), each with its own count, so a
 * caller can show one bar per task; the library itself never prints.
 */
@FunctionalInterface
public interface TaskProgress {
    TaskProgress NONE = (name, total) -> new Task() {
        @Override
        public void progress(long done, long all, String item) {
        }

        @Override
        public void close() {
        }
    };

    /** A task that has started; closed when it ends. */
    interface Task extends ProgressListener, AutoCloseable {
        @Override
        void close();
    }

    Task start(String name, long total);
}
