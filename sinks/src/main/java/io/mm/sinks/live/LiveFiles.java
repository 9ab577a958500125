package io.mm.sinks.live;

import io.mm.core.contract.ByteSink;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rolling uncompressed {@code live/*.ndjson} files a relay tails: lines are appended as soon as they are
 * produced (flushed every few hundred milliseconds, not at checkpoints), each file is rotated every
 * {@code LIVE_STREAM_ROTATE_S} to {@code <name>.<UTC timestamp>.ndjson} and rotated files are deleted after
 * {@code LIVE_STREAM_RETENTION_S}. A file holds the lines of one writer: a new writer (a restart, a recovery) moves
 * an existing file aside before it writes. At least once: after a recovery lines may be written again (they carry
 * the job attempt so a reader can tell). At most {@link #MAX_OPEN} files are held open.
 */
public final class LiveFiles implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveFiles.class);
    static final int MAX_OPEN = 128;
    /** The live trades file's name; every other live file is written after it in a flush. */
    static final String TRADES_NAME = "live_trades.ndjson";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Path dataDir;
    private final long rotateMillis;
    private final long retentionMillis;
    private final LongSupplier clock;

    /** Lines to write, in write order: by directory, and in a directory the trades file before the others. */
    private final Map<String, ByteSink> pending = new java.util.TreeMap<>(LiveFiles::writeOrder);
    private final Map<String, Long> startedAt = new HashMap<>();
    private final Set<Path> dirs = new HashSet<>();
    private long lastSweep;
    private final LinkedHashMap<String, FileChannel> open = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, FileChannel> eldest) {
            if (size() > MAX_OPEN) {
                closeQuietly(eldest.getValue());
                return true;
            }
            return false;
        }
    };

    public LiveFiles(Path dataDir, long rotateSeconds, long retentionSeconds, LongSupplier clockMillis) {
        this.dataDir = dataDir;
        this.rotateMillis = rotateSeconds * 1000;
        this.retentionMillis = retentionSeconds * 1000;
        this.clock = clockMillis;
    }

    /** Buffers a line (or lines) for a live file, relative to the data root. */
    public void append(String relPath, byte[] data) {
        pending.computeIfAbsent(relPath, k -> new ByteSink(1024)).append(data, 0, data.length);
    }

    /**
     * Writes everything buffered; rotates and prunes where due. In each directory the trades file is written just
     * before the diffs file, so a tailer that reads a directory's diffs and then its trades has every trade older
     * than the diffs it read, and the diffs of the same flush follow microseconds after its trades.
     */
    public void flush() throws IOException {
        long now = clock.getAsLong();
        for (Iterator<Map.Entry<String, ByteSink>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, ByteSink> e = it.next();
            ByteSink b = e.getValue();
            if (b.length() == 0) {
                it.remove();
                continue;
            }
            String rel = e.getKey();
            Long started = startedAt.get(rel);
            if (started != null && now - started >= rotateMillis) {
                rotate(rel, now);
            }
            FileChannel ch = channel(rel, now);
            ByteBuffer bb = ByteBuffer.wrap(b.array(), 0, b.length());
            try {
                while (bb.hasRemaining()) {
                    ch.write(bb);
                }
            } catch (IOException x) {
                untear(ch, bb.position(), rel);
                throw new IOException(dataDir.resolve(rel) + ": " + x.getMessage(), x); // a full disk's message names no file
            }
            b.reset();
        }
        if (now - lastSweep >= Math.min(rotateMillis, 60_000)) {
            lastSweep = now;
            sweep(now);
        }
    }

    /** Directory first, then the trades file before any other of the directory. */
    static int writeOrder(String a, String b) {
        int sa = a.lastIndexOf('/');
        int sb = b.lastIndexOf('/');
        int c = a.substring(0, Math.max(0, sa)).compareTo(b.substring(0, Math.max(0, sb)));
        if (c != 0) {
            return c;
        }
        boolean ta = a.endsWith(TRADES_NAME);
        boolean tb = b.endsWith(TRADES_NAME);
        return ta == tb ? a.compareTo(b) : ta ? -1 : 1;
    }

    /** A write that failed part-way (a full disk) leaves no torn line for readers: cut what it wrote. */
    private static void untear(FileChannel ch, long written, String rel) {
        if (written == 0) {
            return;
        }
        try {
            ch.truncate(ch.size() - written);
        } catch (IOException e) {
            LOG.warn("live file {} may end with a torn line: {}", rel, e.toString());
        }
    }

    private FileChannel channel(String rel, long now) throws IOException {
        FileChannel ch = open.get(rel);
        if (ch == null) {
            Path p = dataDir.resolve(rel);
            Files.createDirectories(p.getParent());
            dirs.add(p.getParent());
            if (!startedAt.containsKey(rel) && Files.exists(p)) {
                // another writer's file (a run before a restart or recovery): a file holds one writer's lines, so a
                // tailer sees a restart as a new file and a line torn by a crash is never continued
                moveAside(p, now);
            }
            ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            open.put(rel, ch);
            startedAt.putIfAbsent(rel, now);
        }
        return ch;
    }

    private void rotate(String rel, long now) throws IOException {
        FileChannel ch = open.remove(rel);
        closeQuietly(ch);
        Path p = dataDir.resolve(rel);
        if (Files.exists(p)) {
            moveAside(p, now);
        }
        startedAt.put(rel, now);
    }

    /** Renames a current file to its rotated name, {@code <name>.<UTC time to the ms>.ndjson}, a unique one. */
    private static void moveAside(Path p, long now) throws IOException {
        String name = p.getFileName().toString();
        String base = name.endsWith(".ndjson") ? name.substring(0, name.length() - ".ndjson".length()) : name;
        for (long t = now; ; t++) {
            Path target = p.resolveSibling(base + "." + STAMP.format(Instant.ofEpochMilli(t)) + ".ndjson");
            if (!Files.exists(target)) {
                Files.move(p, target);
                return;
            }
        }
    }

    /** Deletes rotated files past retention, and current files idle past retention (a day that ended). */
    private void sweep(long now) {
        for (Path dir : dirs) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.ndjson")) {
                for (Path p : ds) {
                    if (now - Files.getLastModifiedTime(p).toMillis() > retentionMillis) {
                        String rel = dataDir.relativize(p).toString().replace('\\', '/');
                        closeQuietly(open.remove(rel));
                        startedAt.remove(rel);
                        Files.deleteIfExists(p);
                    }
                }
            } catch (IOException e) {
                LOG.warn("could not prune live files in {}: {}", dir, e.toString());
            }
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                LOG.debug("closing a live file: {}", e.toString());
            }
        }
    }

    /** Never throws (it runs in failure clean-ups): live files are at-least-once, their last lines may be lost. */
    @Override
    public void close() {
        try {
            flush();
        } catch (IOException e) {
            LOG.debug("live files: the last buffered lines were not written: {}", e.toString());
        } finally {
            for (FileChannel ch : open.values()) {
                closeQuietly(ch);
            }
            open.clear();
        }
    }
}
