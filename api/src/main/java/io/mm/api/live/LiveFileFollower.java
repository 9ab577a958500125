package io.mm.api.live;

import io.mm.core.contract.NdjsonLines;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one live file by name ({@code live_depth_diffs.ndjson} in one {@code live/} directory) across the
 * recorder's rotations: the rotated files still there when it starts are read first (oldest first), then the
 * current file, which is kept open. The recorder closes a file before it renames it and only then creates the
 * next, so once the name points at another file the open one is complete: it is read to its end and the new one
 * opened. A file deleted by retention while open stays readable. Only complete lines are handed on.
 */
final class LiveFileFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveFileFollower.class);
    private static final int CHUNK = 1 << 16;

    private final Path liveDir;
    private final Path current;
    private final String base;
    private final boolean diff;
    private final Set<String> readRotated = new HashSet<>();
    private boolean started;
    private FileChannel ch;
    private Object fileKey;
    private final ByteBuffer buf = ByteBuffer.allocate(CHUNK);
    private byte[] partial = new byte[0];
    private long malformed;
    private long lastRotationCheck;
    /** Rotated files whose last line is at or below this are not read at the start (-1: every one is). */
    private long skipThrough = -1;
    private int skippedFiles;

    LiveFileFollower(Path liveDir, String name, boolean diff) {
        this.liveDir = liveDir;
        this.current = liveDir.resolve(name);
        this.base = name.substring(0, name.length() - ".ndjson".length());
        this.diff = diff;
    }

    /** The rotated files not read yet, oldest first: rotated names carry a UTC stamp, so name order is age order. */
    private List<Path> unreadRotated() {
        List<Path> old = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(liveDir, base + ".*.ndjson")) {
            for (Path p : ds) {
                if (!readRotated.contains(p.getFileName().toString())) {
                    old.add(p);
                }
            }
        } catch (IOException e) {
            // no live directory yet
        }
        old.sort(null);
        return old;
    }

    long malformed() {
        return malformed;
    }

    /**
     * Before the first read: rotated files that end at or below {@code seq} are not needed. A line above {@code seq}
     * before such a file's last line was voided by a rollback, and later rollbacks never reach below a committed line.
     */
    void skipThrough(long seq) {
        skipThrough = seq;
    }

    /** Rotated files the start did not read (see {@link #skipThrough}). */
    int skippedFiles() {
        return skippedFiles;
    }

    /** Reads what is new and hands each complete, well-formed line on; the number of lines read. */
    int poll(Consumer<LiveLine> out, long nowMillis, long rotationCheckMillis) throws IOException {
        int n = 0;
        if (!started) {
            n += start(out);
            if (!started) {
                return n;
            }
        }
        int read = drain(ch, out);
        n += read;
        if (read == 0 && nowMillis - lastRotationCheck >= rotationCheckMillis) {
            lastRotationCheck = nowMillis;
            Object key = keyOf(current);
            if (key != null && !key.equals(fileKey)) {
                // rotated: the open file is complete
                n += drain(ch, out);
                dropPartial(current);
                ch.close();
                ch = null;
                if (open()) {
                    n += drain(ch, out);
                }
            }
        }
        return n;
    }

    /**
     * The first read: the rotated files still there, then the current file opened. A rotation between the
     * listing and the open would hide a file, so the listing is repeated until it holds nothing new.
     */
    private int start(Consumer<LiveLine> out) throws IOException {
        int n = 0;
        for (int round = 0; round < 100; round++) {
            List<Path> old = unreadRotated();
            if (ch != null && old.isEmpty()) {
                started = true;
                if (skippedFiles > 0) {
                    LOG.info("{}: {} rotated file(s) ending at or below recv_seq {} not read (the book has those lines)", liveDir,
                            skippedFiles, skipThrough);
                }
                return n;
            }
            close();
            for (Path p : old) {
                readRotated.add(p.getFileName().toString());
                if (skipThrough >= 0 && endsAtOrBelow(p, skipThrough)) {
                    skippedFiles++;
                    continue;
                }
                try (FileChannel f = FileChannel.open(p, StandardOpenOption.READ)) {
                    partial = new byte[0];
                    n += drain(f, out);
                    dropPartial(p);
                } catch (NoSuchFileException e) {
                    LOG.debug("{} was pruned before it was read", p);
                }
            }
            if (!open()) {
                return n; // not written yet: start again at the next poll
            }
        }
        throw new IOException(current + ": rotated faster than it can be listed");
    }

    /** Whether the last complete line of {@code p} is the recorder's with a {@code recv_seq} at or below {@code seq}. */
    static boolean endsAtOrBelow(Path p, long seq) {
        try (FileChannel f = FileChannel.open(p, StandardOpenOption.READ)) {
            long size = f.size();
            int len = (int) Math.min(size, CHUNK);
            ByteBuffer b = ByteBuffer.allocate(len);
            while (b.hasRemaining() && f.read(b, size - len + b.position()) > 0) {
                // a file rotated out is complete: read its tail whole
            }
            byte[] a = b.array();
            int end = len - 1;
            while (end >= 0 && a[end] != '\n') {
                end--; // a torn last line: the complete one before it counts
            }
            int start = end - 1;
            while (start >= 0 && a[start] != '\n') {
                start--;
            }
            if (end <= 0 || start < 0 && len < size) {
                return false; // no complete line in the tail read: the file is read as usual
            }
            long last = NdjsonLines.headSeq(new String(a, start + 1, end - start - 1, StandardCharsets.UTF_8));
            return last >= 0 && last <= seq;
        } catch (IOException e) {
            return false;
        }
    }

    private boolean open() throws IOException {
        try {
            ch = FileChannel.open(current, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return false;
        }
        fileKey = Files.readAttributes(current, BasicFileAttributes.class).fileKey();
        partial = new byte[0];
        return true;
    }

    private static Object keyOf(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    private void dropPartial(Path p) {
        if (partial.length > 0) {
            malformed++;
            LOG.warn("{}: a torn last line of {} bytes was skipped", p, partial.length);
            partial = new byte[0];
        }
    }

    private int drain(FileChannel f, Consumer<LiveLine> out) throws IOException {
        int n = 0;
        while (true) {
            buf.clear();
            int r = f.read(buf);
            if (r <= 0) {
                return n;
            }
            byte[] a = buf.array();
            int start = 0;
            for (int i = 0; i < r; i++) {
                if (a[i] == '\n') {
                    String line;
                    if (partial.length > 0) {
                        byte[] joined = new byte[partial.length + i - start];
                        System.arraycopy(partial, 0, joined, 0, partial.length);
                        System.arraycopy(a, start, joined, partial.length, i - start);
                        line = new String(joined, StandardCharsets.UTF_8);
                        partial = new byte[0];
                    } else {
                        line = new String(a, start, i - start, StandardCharsets.UTF_8);
                    }
                    start = i + 1;
                    if (line.isEmpty()) {
                        continue;
                    }
                    LiveLine l = LiveLine.parse(line, diff);
                    if (l == null) {
                        malformed++;
                        LOG.warn("{}: a line that is not the recorder's was skipped: {}", current, line.length() > 120
                                ? line.substring(0, 120) + "..." : line);
                        continue;
                    }
                    out.accept(l);
                    n++;
                }
            }
            if (start < r) {
                byte[] p = new byte[partial.length + r - start];
                System.arraycopy(partial, 0, p, 0, partial.length);
                System.arraycopy(a, start, p, partial.length, r - start);
                partial = p;
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (ch != null) {
            ch.close();
            ch = null;
        }
    }
}
