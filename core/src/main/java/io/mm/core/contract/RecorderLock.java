package io.mm.core.contract;

import io.mm.core.Exchange;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One recorder per symbol and data directory: {@code <DATA_DIR>/<exchange>/<SYMBOL_FS>/.recorder.lock}, an operating
 * system lock held while a run records the symbol (released when its process ends, {@code kill -9} included), whose
 * text names the run, process and host. Two recorders appending to the same day files would interleave them beyond
 * repair, so a second one is refused. Within one JVM the locks are counted per run: the launcher and the job of one
 * run share them, and a job restarting after a failure takes them over.
 */
public final class RecorderLock implements AutoCloseable {
    /** The lock file in each symbol directory. */
    public static final String FILE = ".recorder.lock";
    private static final Logger LOG = LoggerFactory.getLogger(RecorderLock.class);
    /** The locks this class loader holds, by file; guarded by itself. */
    private static final Map<Path, Held> HELD = new HashMap<>();
    /** How long a lock held by another run of this process is waited for (tests shorten it). */
    static volatile java.time.Duration ownRunClosing = java.time.Duration.ofSeconds(10);

    /** Another run records one of the symbols into the same data directory. */
    public static final class ConflictException extends IllegalStateException {
        ConflictException(String message) {
            super(message);
        }
    }

    private static final class Held {
        final String runId;
        final FileChannel channel;
        final FileLock lock;
        int users = 1;

        Held(String runId, FileChannel channel, FileLock lock) {
            this.runId = runId;
            this.channel = channel;
            this.lock = lock;
        }
    }

    private final List<Path> files;
    private boolean closed;

    private RecorderLock(List<Path> files) {
        this.files = files;
    }

    /**
     * Locks every symbol of {@code symbols} for run {@code runId}, creating the symbol directories; all or none.
     *
     * @throws ConflictException naming the symbol and the recorder that holds it
     * @throws IOException       when a symbol directory cannot be created
     */
    public static RecorderLock acquire(Path dataDir, Map<Exchange, List<String>> symbols, String runId) throws IOException {
        List<Path> taken = new ArrayList<>();
        try {
            for (Map.Entry<Exchange, List<String>> e : symbols.entrySet()) {
                for (String s : e.getValue()) {
                    Path dir = dataDir.resolve(e.getKey().id()).resolve(SymbolFs.of(e.getKey(), s));
                    Path file = lockOne(dir.toAbsolutePath().normalize().resolve(FILE), runId, e.getKey().id() + " " + s, dataDir);
                    if (file != null) {
                        taken.add(file);
                    }
                }
            }
        } catch (IOException | RuntimeException x) {
            release(taken);
            throw x;
        }
        return new RecorderLock(taken);
    }

    /** The lock file, or null when the file system offers no locks (the recorder goes on, warned). */
    private static Path lockOne(Path file, String runId, String what, Path dataDir) throws IOException {
        synchronized (HELD) {
            Held h = HELD.get(file);
            // a run of this process that just ended may still be closing its job (its enumerator lets go last)
            long deadline = System.nanoTime() + ownRunClosing.toNanos();
            while (h != null && !h.runId.equals(runId) && System.nanoTime() < deadline) {
                try {
                    HELD.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                h = HELD.get(file);
            }
            if (h != null) {
                if (!h.runId.equals(runId)) {
                    throw conflict(what, dataDir, holder(h.channel));
                }
                h.users++;
                return file;
            }
            Files.createDirectories(file.getParent());
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException x) {
                lock = null; // another class loader of this JVM (another job on the same TaskManager) holds it
            } catch (IOException x) {
                ch.close();
                LOG.warn("{}: cannot lock ({}): nothing stops a second recorder of {} writing the same files", file, x.getMessage(), what);
                return null;
            }
            if (lock == null) {
                String holder = holder(ch);
                ch.close();
                throw conflict(what, dataDir, holder);
            }
            byte[] text = ("run=" + runId + " pid=" + ProcessHandle.current().pid() + " host=" + host() + " since="
                    + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\n").getBytes(StandardCharsets.UTF_8);
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(text), 0);
            HELD.put(file, new Held(runId, ch, lock));
            return file;
        }
    }

    private static ConflictException conflict(String what, Path dataDir, String holder) {
        return new ConflictException(what + " is being recorded into " + dataDir.toAbsolutePath() + " by another recorder ("
                + (holder.isEmpty() ? "its lock file names none" : holder) + "): stop it first, or record into another DATA_DIR");
    }

    /** What the holder wrote into the lock file, on one line. */
    private static String holder(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(512);
        ch.read(b, 0);
        return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).trim().replace('\n', ' ');
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return ManagementFactory.getRuntimeMXBean().getName();
        }
    }

    private static void release(List<Path> files) {
        synchronized (HELD) {
            for (Path f : files) {
                Held h = HELD.get(f);
                if (h != null && --h.users == 0) {
                    HELD.remove(f);
                    HELD.notifyAll();
                    try {
                        h.lock.release();
                        h.channel.close();
                    } catch (IOException e) {
                        LOG.warn("{}: releasing the lock: {}", f, e.getMessage());
                    }
                }
            }
        }
    }

    /** Gives this holder's share of the locks back; the last holder of a run releases them. Idempotent. */
    @Override
    public void close() {
        synchronized (HELD) {
            if (!closed) {
                closed = true;
                release(files);
            }
        }
    }
}
