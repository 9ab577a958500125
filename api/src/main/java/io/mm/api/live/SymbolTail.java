package io.mm.api.live;

import io.mm.api.catalog.DataCatalog;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A symbol's live lines in {@code recv_seq} order across its day directories. The recorder numbers a symbol's
 * inputs with one counter across days and writes every line into each day whose trading window is open, so
 * while two windows overlap both days hold the same lines. The tail follows the newest day it has switched to;
 * when a newer day directory gets live lines it keeps reading the older one until that one reaches the newer
 * one's first line (or stays silent for {@code switchGraceMillis}, when the windows do not overlap), then moves
 * on, dropping what it already handed on.
 */
public final class SymbolTail implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SymbolTail.class);

    /** Where lines go, in order. */
    public interface Sink {
        void line(LiveLine l);

        /** Lines above {@code toSeq} handed on before are void: a recovered recorder produces them again. */
        void rollback(long toSeq, int attempt);

        /** The tail now follows the day directory {@code day} (YYYYMMDD). */
        default void dayChanged(int day) {}
    }

    /** How often the symbol's directory is listed for a newer day. */
    static final long DAY_SCAN_MILLIS = 250;

    private final Path symbolDir;
    private final long holdMillis;
    private final long switchGraceMillis;
    private final long rotationCheckMillis;
    private DayTail active;
    private DayTail next;
    private long nextFirstSeq = -1;
    private long activeLastLineAt;
    private long lastSeq = -1;
    private long lastDayScan;
    /** The newer day's first lines, read to learn where it starts, handed on at the switch. */
    private final List<LiveLine> pendingNext = new ArrayList<>();
    private long nextSeenAt;

    public SymbolTail(Path symbolDir, long holdMillis, long switchGraceMillis, long rotationCheckMillis) {
        this.symbolDir = symbolDir;
        this.holdMillis = holdMillis;
        this.switchGraceMillis = switchGraceMillis;
        this.rotationCheckMillis = rotationCheckMillis;
    }

    /** The day followed (YYYYMMDD), or 0 before any. */
    public int day() {
        return active == null ? 0 : active.day;
    }

    public long lastSeq() {
        return lastSeq;
    }

    /** Lines skipped because they were not the recorder's (torn by a crash). */
    public long malformed() {
        return (active == null ? 0 : active.malformed()) + (next == null ? 0 : next.malformed());
    }

    /** Lines read and kept until they can be handed on (trades waiting for a newer diff, a newer day's first lines). */
    public int buffered() {
        return (active == null ? 0 : active.buffered()) + (next == null ? 0 : next.buffered()) + pendingNext.size();
    }

    /** The day the next {@link #poll} reads from (YYYYMMDD), found without reading a line; 0 while there is none. */
    public int startDay(long nowMillis) throws IOException {
        if (active == null) {
            lastDayScan = nowMillis;
            scanDays();
        }
        return day();
    }

    /**
     * Before the first {@link #poll}: the day's rotated diffs files that end at or below {@code seq} are not read
     * (a book rebuilt from the committed diffs has those lines).
     */
    public void skipDiffsThrough(long seq) {
        if (active != null) {
            active.skipDiffsThrough(seq);
        }
    }

    /** Rotated diffs files the first poll did not read. */
    public int skippedFiles() {
        return active == null ? 0 : active.skippedFiles();
    }

    /** Reads what is new and hands it on; the number of lines handed on. */
    public int poll(Sink sink, long nowMillis) throws IOException {
        if (nowMillis - lastDayScan >= DAY_SCAN_MILLIS || active == null) {
            lastDayScan = nowMillis;
            scanDays();
        }
        if (active == null) {
            return 0;
        }
        int n = active.poll(new DayTail.Sink() {
            @Override
            public void line(LiveLine l) {
                if (l.seq() > lastSeq) {
                    pass(sink, l); // after a switch, the newer day's lines already handed on from the older one are skipped
                }
            }

            @Override
            public void rollback(long toSeq, int attempt) {
                lastSeq = Math.min(lastSeq, toSeq);
                sink.rollback(toSeq, attempt);
            }
        }, nowMillis, rotationCheckMillis);
        if (n > 0) {
            activeLastLineAt = nowMillis;
        }
        if (next != null) {
            n += pollNext(sink, nowMillis);
        }
        return n;
    }

    private void pass(Sink sink, LiveLine l) {
        lastSeq = l.seq();
        sink.line(l);
    }

    /** The newer day: its lines are kept back (the day tail holds them unread) until the switch. */
    private int pollNext(Sink sink, long nowMillis) throws IOException {
        if (nextFirstSeq < 0) {
            // peek: read the newer day's lines without handing them on until the older day caught up
            List<LiveLine> first = new ArrayList<>();
            next.poll(new DayTail.Sink() {
                @Override
                public void line(LiveLine l) {
                    first.add(l);
                }

                @Override
                public void rollback(long toSeq, int attempt) {
                    // within the peeked lines: the older day reports it as well
                }
            }, nowMillis, rotationCheckMillis);
            if (first.isEmpty()) {
                return 0;
            }
            nextFirstSeq = first.get(0).seq();
            pendingNext.addAll(first);
            nextSeenAt = nowMillis;
        }
        boolean caughtUp = lastSeq >= nextFirstSeq;
        boolean olderSilent = nowMillis - Math.max(activeLastLineAt, nextSeenAt) >= switchGraceMillis;
        if (!caughtUp && !olderSilent) {
            return 0;
        }
        LOG.info("{}: live lines now followed in day {} (from day {}, at recv_seq {})", symbolDir, next.day, active.day, lastSeq);
        try {
            active.close();
        } catch (IOException e) {
            LOG.debug("closing the older day's live files: {}", e.toString());
        }
        active = next;
        next = null;
        nextFirstSeq = -1;
        sink.dayChanged(active.day);
        int n = 0;
        for (LiveLine l : pendingNext) {
            if (l.seq() > lastSeq) {
                pass(sink, l);
                n++;
            }
        }
        pendingNext.clear();
        return n;
    }

    private void scanDays() throws IOException {
        int newest = 0;
        Path newestDir = null;
        if (!Files.isDirectory(symbolDir)) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(symbolDir)) {
            for (Path d : ds) {
                int day = DataCatalog.dayOf(d.getFileName().toString());
                if (day > newest && Files.isDirectory(d.resolve("live"))) {
                    newest = day;
                    newestDir = d;
                }
            }
        }
        if (newestDir == null) {
            return;
        }
        if (active == null) {
            active = new DayTail(newestDir, newest, holdMillis);
            activeLastLineAt = Long.MIN_VALUE / 2;
            LOG.info("{}: following live lines of day {}", symbolDir, newest);
            return;
        }
        if (newest > active.day && (next == null || newest > next.day)) {
            if (next != null) {
                next.close();
                pendingNext.clear();
                nextFirstSeq = -1;
            }
            next = new DayTail(newestDir, newest, holdMillis);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (active != null) {
                active.close();
            }
        } finally {
            if (next != null) {
                next.close();
            }
        }
    }
}
