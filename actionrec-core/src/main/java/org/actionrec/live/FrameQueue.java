package org.actionrec.live;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded queue between the reader thread and recognition. Full, it either makes the reader wait (a file
 * read as fast as possible: nothing is lost) or drops its oldest frame and counts it (a live source: recognition
 * that falls behind loses frames, never memory, and the backlog cannot grow). Markers (a reconnect, the end)
 * are never dropped.
 */
final class FrameQueue {
    /** What the reader hands on. */
    sealed interface Item permits Item.Frame, Item.Gap, Item.End {
        /** A frame; {@code arrivalNanos} is when the reader got it. */
        record Frame(org.actionrec.video.RgbFrame rgb, double timeS, long arrivalNanos) implements Item {
        }

        /** The source was lost and is back: the frames after it do not continue the ones before. */
        record Gap(int reconnects) implements Item {
        }

        /** No more frames: why, and the error where the source failed. */
        record End(String why, org.actionrec.video.VideoReadException error) implements Item {
        }
    }

    private final ArrayDeque<Item> items = new ArrayDeque<>();
    private final int capacity;
    private final boolean dropOldest;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private long dropped;
    private int frames;

    FrameQueue(int capacity, boolean dropOldest) {
        if (capacity < 1) throw new IllegalArgumentException("queue capacity must be ≥ 1");
        this.capacity = capacity;
        this.dropOldest = dropOldest;
    }

    void put(Item item) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            if (item instanceof Item.Frame) {
                while (frames >= capacity) {
                    if (dropOldest) {
                        dropOldestFrame();
                    } else {
                        notFull.await();
                    }
                }
                frames++;
            }
            items.addLast(item);
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    private void dropOldestFrame() {
        for (Iterator<Item> it = items.iterator(); it.hasNext(); ) {
            if (it.next() instanceof Item.Frame) {
                it.remove();
                frames--;
                dropped++;
                return;
            }
        }
    }

    /** The next item, waiting at most {@code millis}; null when none came. */
    Item poll(long millis) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            long nanos = TimeUnit.MILLISECONDS.toNanos(millis);
            while (items.isEmpty()) {
                if (nanos <= 0) return null;
                nanos = notEmpty.awaitNanos(nanos);
            }
            Item item = items.removeFirst();
            if (item instanceof Item.Frame) {
                frames--;
                notFull.signal();
            }
            return item;
        } finally {
            lock.unlock();
        }
    }

    long dropped() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }
}
