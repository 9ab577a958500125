package io.mm.validator.replay;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A producer on a thread of its own, a few blocks ahead of one consumer. A replay's task thread runs the source,
 * the book operator and the comparison chained together; decompressing what it reads needs nothing from it and
 * moves to the machine's other core this way.
 *
 * <p>The consumer gets the blocks in order, then the end, or the producer's {@link IOException} (a truncated
 * gzip, say) after every block produced before it.
 *
 * @param <B> a block
 */
public final class ReadAhead<B> implements AutoCloseable {
    /** Produces the blocks; returns at the end of the input. */
    public interface Producer<B> {
        void run(Blocks<B> out) throws IOException, InterruptedException;
    }

    /** Where a producer puts its blocks; waits while the consumer is {@code depth} blocks behind. */
    public interface Blocks<B> {
        void put(B block) throws InterruptedException;
    }

    private static final Object END = new Object();

    private final BlockingQueue<Object> queue;
    private final Thread thread;
    private boolean done;

    public ReadAhead(int depth, String threadName, Producer<B> producer) {
        this.queue = new ArrayBlockingQueue<>(depth);
        this.thread = new Thread(() -> {
            try {
                producer.run(queue::put);
                queue.put(END);
            } catch (IOException e) {
                try {
                    queue.put(e);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt(); // closed by the consumer: nobody waits for the failure
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // closed by the consumer
            }
        }, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** The next block, or null after the last one. */
    @SuppressWarnings("unchecked")
    public B take() throws IOException {
        if (done) {
            return null;
        }
        Object o;
        try {
            o = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading ahead");
        }
        if (o == END) {
            done = true;
            return null;
        }
        if (o instanceof IOException e) {
            done = true;
            throw e;
        }
        return (B) o;
    }

    /** Stops the producer (it ends at its next block). */
    @Override
    public void close() {
        thread.interrupt();
    }
}
