package io.mm.sinks.day;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A writer's staging I/O on a thread of its own, so that the task thread (which the recorder's operator is
 * chained to) never waits for the page cache or a force at a barrier: it only hands over the bytes it has gathered
 * and the offsets it has reserved for them; this thread writes them in order, then seals the checkpoint's staging file: force, rename
 * from {@code .stage.part} to {@code .stage}, force the directory. {@link StagingBarrier} holds the committables
 * back until that name exists, so no checkpoint completes before its staged rows are durable.
 *
 * <p>A failure is kept and thrown on the task thread at its next call, and left beside the file as
 * {@code <name>.stage.failed} (its message) so that the barrier fails at once, naming it, instead of waiting.
 */
final class StagingIo implements AutoCloseable {
    private static final long CLOSE_WAIT_MILLIS = 60_000;
    /**
     * With fsync on, how many bytes this thread writes before it forces them: forcing as it goes spreads the
     * writes over the checkpoint interval and leaves the seal a small remainder, where one force of a whole
     * interval's rows at the seal stalls the pipeline, sockets included, for as long as the disk takes.
     */
    static final long FORCE_EVERY_BYTES = 1 << 20;
    /** Bytes handed over and not yet written: they count against the writer's buffer budget. */
    private final AtomicLong inFlight = new AtomicLong();
    private final LinkedBlockingQueue<Runnable> jobs = new LinkedBlockingQueue<>();
    private final ChunkPool pool;
    private final Thread thread;
    private volatile IOException failure;
    private volatile boolean stopping;
    private final boolean fsync;

    /** {@code fsync}: force as it writes and at the seal (the sink's {@code SINK_FSYNC}). */
    StagingIo(ChunkPool pool, String name, boolean fsync) {
        this.pool = pool;
        this.fsync = fsync;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (!stopping || !jobs.isEmpty()) {
                Runnable job = jobs.poll(100, TimeUnit.MILLISECONDS);
                if (job != null) {
                    job.run();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Throws the first failure of an earlier hand-over, on the task thread. */
    void check() throws IOException {
        IOException f = failure;
        if (f != null) {
            throw new IOException("staging failed: " + f.getMessage(), f);
        }
    }

    long inFlight() {
        return inFlight.get();
    }

    /** Blocks the task thread until at most {@code bytes} are still to be written (the buffer budget's bound). */
    void awaitInFlightAtMost(long bytes) throws IOException {
        try {
            while (inFlight.get() > bytes && failure == null) {
                Thread.sleep(1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for staging writes", e);
        }
        check();
    }

    /** Writes {@code chunks} (the last one {@code lastLength} bytes long) at {@code offset}; the chunks go back to the pool. */
    void write(StagingFile file, long offset, List<byte[]> chunks, int lastLength, long length) {
        ByteBuffer[] parts = new ByteBuffer[chunks.size()];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = ByteBuffer.wrap(chunks.get(i), 0, i == parts.length - 1 ? lastLength : ChunkPool.CHUNK);
        }
        submit(file, offset, parts, length, () -> chunks.forEach(pool::give));
    }

    /** Writes one whole record's bytes at {@code offset}. */
    void write(StagingFile file, long offset, byte[] data) {
        submit(file, offset, new ByteBuffer[] {ByteBuffer.wrap(data)}, data.length, () -> { });
    }

    /** Queues the write; {@code after} runs once it is done or skipped (a failure came first). */
    private void submit(StagingFile file, long offset, ByteBuffer[] parts, long length, Runnable after) {
        inFlight.addAndGet(length);
        jobs.add(() -> {
            try {
                if (failure == null) {
                    writeAt(file, offset, parts, length);
                }
            } catch (IOException e) {
                fail(file, e);
            } finally {
                after.run();
                inFlight.addAndGet(-length);
            }
        });
    }

    private void writeAt(StagingFile file, long offset, ByteBuffer[] parts, long length) throws IOException {
        FileChannel ch = file.channel;
        if (ch.position() != offset) {
            throw new IOException(file.part + ": staged range at offset " + offset + " but the file is " + ch.position() + " bytes long");
        }
        long written = 0;
        while (written < length) {
            written += ch.write(parts);
        }
        file.unforced += length;
        if (fsync && file.unforced >= FORCE_EVERY_BYTES) {
            ch.force(false);
            file.unforced = 0;
        }
    }

    /** After the writes handed over before it: force (with fsync), close, rename to the final name. */
    void seal(StagingFile file) {
        jobs.add(() -> {
            if (failure != null) {
                return;
            }
            try {
                if (fsync && file.unforced > 0) {
                    file.channel.force(false);
                }
                file.channel.close();
                Files.move(file.part, file.sealed, StandardCopyOption.ATOMIC_MOVE);
                if (fsync) {
                    try (FileChannel dir = FileChannel.open(file.sealed.getParent(), StandardOpenOption.READ)) {
                        dir.force(true); // the rename itself must survive a power loss
                    }
                }
            } catch (IOException e) {
                fail(file, e);
            }
        });
    }

    private void fail(StagingFile file, IOException e) {
        if (failure == null) {
            failure = new IOException(file.part + ": " + e, e);
        }
        try {
            file.channel.close();
            // written aside and renamed, so that the barrier never reads a note still empty
            Path note = failedMarker(file.sealed);
            Path notePart = note.resolveSibling(note.getFileName() + ".part");
            Files.writeString(notePart, failure.getMessage(), StandardCharsets.UTF_8);
            Files.move(notePart, note, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException ignored) {
            // the disk may be why it failed: the task thread still throws, and the barrier times out
        }
    }

    static Path failedMarker(Path sealed) {
        return sealed.resolveSibling(sealed.getFileName() + ".failed");
    }

    /**
     * Lets the thread finish what was handed over (a final checkpoint's seal must still happen), waiting at most a
     * minute, then stops it.
     */
    @Override
    public void close() {
        stopping = true;
        try {
            thread.join(CLOSE_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.interrupt();
    }

    /** One checkpoint's staging file: written as {@code part}, renamed to {@code sealed} once durable. */
    static final class StagingFile {
        final Path part;
        final Path sealed;
        final FileChannel channel;
        /** The end of what the task thread has reserved (the next range's offset). */
        long end;
        /** Written by the staging thread since its last force (only it reads this). */
        long unforced;

        StagingFile(Path sealed) throws IOException {
            this.sealed = sealed;
            this.part = sealed.resolveSibling(sealed.getFileName() + ".part");
            this.channel = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
    }
}
