package io.mm.sinks.day;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;

/**
 * Bookkeeping of one day directory, in the hidden file {@code .commit}: per gzip file, the last member
 * appended and the file's committed length. One committer owns a day directory (its records are keyed by
 * symbol), so the log is rewritten whole (temp file, fsync, atomic rename) once per commit round.
 *
 * <p>Why it makes appends idempotent: a member at or before the logged one was already appended (a retried
 * commit after restore skips it); a file longer than its logged length holds a torn append from a crash,
 * truncated before appending again.
 */
final class CommitLog {
    static final String FILE = ".commit";

    record Entry(long memberBase, long memberSeq, long length) {}

    private final Path dayDir;
    private final Map<String, Entry> entries = new TreeMap<>();
    private boolean dirty;

    private CommitLog(Path dayDir) {
        this.dayDir = dayDir;
    }

    static CommitLog load(Path dayDir) throws IOException {
        CommitLog log = new CommitLog(dayDir);
        Path f = dayDir.resolve(FILE);
        try {
            int lineNo = 0;
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] p = line.split(" ");
                if (p.length != 4) {
                    throw new IOException(f + " line " + lineNo + ": expected '<file> <base> <seq> <length>', got '" + line + "'");
                }
                try {
                    log.entries.put(p[0], new Entry(Long.parseLong(p[1]), Long.parseLong(p[2]), Long.parseLong(p[3])));
                } catch (NumberFormatException e) {
                    throw new IOException(f + " line " + lineNo + ": not a number in '" + line + "'");
                }
            }
        } catch (NoSuchFileException e) {
            // a new day directory
        }
        return log;
    }

    /** The entry for a file relative to the day directory, or null if nothing was committed to it. */
    Entry get(String relative) {
        return entries.get(relative);
    }

    void put(String relative, Entry e) {
        entries.put(relative, e);
        dirty = true;
    }

    boolean dirty() {
        return dirty;
    }

    void store(boolean fsync) throws IOException {
        Path tmp = dayDir.resolve(FILE + ".tmp");
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            sb.append(e.getKey()).append(' ').append(e.getValue().memberBase()).append(' ').append(e.getValue().memberSeq())
                    .append(' ').append(e.getValue().length()).append('\n');
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8)));
            if (fsync) {
                ch.force(true);
            }
        } catch (IOException e) {
            throw new IOException(tmp + ": " + e.getMessage(), e); // a full disk's message names no file
        }
        try {
            Files.move(tmp, dayDir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, dayDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING);
        }
        dirty = false;
    }
}
