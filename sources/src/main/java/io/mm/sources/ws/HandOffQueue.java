package io.mm.sources.ws;

import io.mm.core.feed.RawFrame;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The bounded queue between OkHttp's socket threads and the source reader (the task thread). A full queue
 * first holds the socket thread back (TCP backpressure) for a bounded time, then drops the frame; drops are
 * counted per connection and reported downstream, never silent. Availability is signalled with the race-free
 * future hand-over Flink readers expect.
 */
final class HandOffQueue {
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final ArrayBlockingQueue<RawFrame> queue;
    private final long blockMillis;
    private final Object lock = new Object();
    private CompletableFuture<Void> available = new CompletableFuture<>();

    HandOffQueue(int capacity, long blockMillis) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.blockMillis = blockMillis;
    }

    /** The latest a put starting now may wait for room until ({@link System#nanoTime()}): the block time from now. */
    long deadline() {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(blockMillis);
    }

    /** From a socket thread, without waiting: false when the queue is full. */
    boolean offer(RawFrame f) {
        if (queue.offer(f)) {
            wake();
            return true;
        }
        return false;
    }

    /**
     * From a socket thread, waiting for room until {@code deadlineNanos} at most (one {@link #deadline()} may be
     * shared by a batch). Returns false if the frame had to be dropped.
     */
    boolean put(RawFrame f, BooleanSupplier closing, long deadlineNanos) throws InterruptedException {
        // a closing reader or a spent deadline gives up before any wait, not after one
        while (!queue.offer(f)) {
            if (closing.getAsBoolean() || System.nanoTime() > deadlineNanos) {
                return false;
            }
            if (queue.offer(f, 50, TimeUnit.MILLISECONDS)) {
                break;
            }
        }
        wake();
        return true;
    }

    private void wake() {
        CompletableFuture<Void> f;
        synchronized (lock) {
            f = available;
        }
        f.complete(null);
    }

    /** From the task thread. */
    RawFrame poll() {
        return queue.poll();
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    int size() {
        return queue.size();
    }

    CompletableFuture<Void> isAvailable() {
        synchronized (lock) {
            if (!queue.isEmpty()) {
                return DONE;
            }
            if (available.isDone()) {
                available = new CompletableFuture<>();
            }
            return available;
        }
    }

    /** Wakes the reader without a frame (for example to report drops). */
    void signal() {
        wake();
    }
}
