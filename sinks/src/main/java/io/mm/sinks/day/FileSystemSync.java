package io.mm.sinks.day;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes everything written to one file system durable with a single call: Linux {@code syncfs(2)} on the data
 * directory, through JNA. A commit round appends to thousands of day files (some five per symbol); forcing
 * each one cost a journal commit each (on ext4, every append changes the file's size), about 2,500 per
 * checkpoint with 500 symbols: 4.8-5.0 s of forcing per round summed over the committer's threads, against
 * 71-95 ms for the two syncs (docs/benchmarks.md). One sync of the file system after the round's
 * appends, and one after its commit logs, give the same guarantee: what a commit log names is on disk before
 * the log is.
 *
 * <p>It syncs the whole file system, other programs' writes included: on a disk shared with a busy database,
 * {@code SINK_FSYNC_SCOPE=files} forces the day files one by one instead.
 */
interface FileSystemSync extends Closeable {
    Logger LOG = LoggerFactory.getLogger(FileSystemSync.class);

    /** Returns once everything written to the file system so far is on disk. */
    void sync() throws IOException;

    /** Releases what {@link #sync()} holds open. */
    @Override
    default void close() {
    }

    /**
     * {@code syncfs(2)} on the file system holding {@code dir}, or null where there is none (not Linux, or JNA
     * cannot load its native part): the caller then forces files one by one, and this says so once.
     */
    static FileSystemSync syncfs(Path dir) throws IOException {
        if (!Platform.isLinux()) {
            LOG.warn("SINK_FSYNC_SCOPE=filesystem needs Linux syncfs(2); forcing each day file instead");
            return null;
        }
        LibC c;
        try {
            c = Native.load("c", LibC.class);
        } catch (LinkageError | RuntimeException e) {
            LOG.warn("SINK_FSYNC_SCOPE=filesystem: cannot reach syncfs(2) through JNA ({}); forcing each day file instead", e.toString());
            return null;
        }
        int fd;
        try {
            fd = c.open(dir.toString(), LibC.O_RDONLY | LibC.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new IOException("cannot open " + dir + " for syncfs: errno " + e.getErrorCode(), e);
        }
        return new Syncfs(c, fd, dir);
    }

    /** The three libc calls, with errno turned into {@link LastErrorException}. */
    interface LibC extends Library {
        int O_RDONLY = 0;
        int O_CLOEXEC = 0x80000;

        int open(String path, int flags) throws LastErrorException;

        int syncfs(int fd) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    final class Syncfs implements FileSystemSync {
        private final LibC c;
        private final Path dir;
        private int fd;

        Syncfs(LibC c, int fd, Path dir) {
            this.c = c;
            this.fd = fd;
            this.dir = dir;
        }

        @Override
        public synchronized void sync() throws IOException {
            if (fd < 0) {
                throw new IOException("syncfs on " + dir + " after close");
            }
            try {
                c.syncfs(fd);
            } catch (LastErrorException e) {
                // EIO, ENOSPC, EDQUOT: writeback failed somewhere on the file system, so the round is not durable
                throw new IOException("syncfs(" + dir + ") failed: errno " + e.getErrorCode(), e);
            }
        }

        @Override
        public synchronized void close() {
            if (fd >= 0) {
                try {
                    c.close(fd);
                } catch (LastErrorException e) {
                    LOG.warn("closing the syncfs descriptor of {}: errno {}", dir, e.getErrorCode());
                }
                fd = -1;
            }
        }
    }
}
