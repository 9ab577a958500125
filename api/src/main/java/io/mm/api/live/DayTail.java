package io.mm.api.live;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One day directory's live diffs and trades merged into one stream in {@code recv_seq} order. The recorder
 * writes a flush's trades before its diffs, so after reading the diffs and then the trades every trade older
 * than the newest diff read is in hand: diffs go on at once, a newer trade waits until a newer diff shows up or
 * until it has waited {@code holdMillis} (a flush is long finished by then). A line whose {@code recv_seq} is not
 * above what was handed on comes from a recorder that restarted and produces that stretch again: a rollback.
 */
final class DayTail implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DayTail.class);
    static final String DIFFS = "live_depth_diffs.ndjson";
    static final String TRADES = "live_trades.ndjson";

    /** Where lines go. */
    interface Sink {
        void line(LiveLine l);

        /** The lines above {@code toSeq} that were handed on are void: the recorder produces that stretch again. */
        void rollback(long toSeq, int attempt);
    }

    final int day;
    private final LiveFileFollower diffs;
    private final LiveFileFollower trades;
    private final long holdMillis;
    /** This poll's lines, and the held trades it hands on: emptied before poll returns, so that no tail keeps what it handed on. */
    private List<LiveLine> read = new ArrayList<>();
    private List<LiveLine> ready = new ArrayList<>();
    private final List<LiveLine> held = new ArrayList<>();
    /** When each held trade was read, index for index with {@code held} (no boxing per trade). */
    private long[] heldSince = new long[64];
    private long lastSeq = -1;
    private long maxDiffSeq = -1;
    private long rollbacks;

    DayTail(Path dayDir, int day, long holdMillis) {
        this.day = day;
        Path live = dayDir.resolve("live");
        this.diffs = new LiveFileFollower(live, DIFFS, true);
        this.trades = new LiveFileFollower(live, TRADES, false);
        this.holdMillis = holdMillis;
    }

    long lastSeq() {
        return lastSeq;
    }

    long malformed() {
        return diffs.malformed() + trades.malformed();
    }

    /** Before the first poll: the diffs at or below {@code seq} are not needed (trades are, for the live candles). */
    void skipDiffsThrough(long seq) {
        diffs.skipThrough(seq);
    }

    int skippedFiles() {
        return diffs.skippedFiles();
    }

    /** Reads both files and hands on what can go now; the number of lines handed on. */
    int poll(Sink sink, long nowMillis, long rotationCheckMillis) throws IOException {
        try {
            return handOn(sink, nowMillis, rotationCheckMillis);
        } finally {
            read = emptied(read);
            ready = emptied(ready);
        }
    }

    /** {@code l} cleared; a new small list instead when a first poll (a whole retention window of lines) made it large. */
    private static List<LiveLine> emptied(List<LiveLine> l) {
        if (l.size() > 4096) {
            return new ArrayList<>();
        }
        l.clear();
        return l;
    }

    /** Lines read but not handed on yet: the trades held for a newer diff. */
    int buffered() {
        return read.size() + held.size();
    }

    private int handOn(Sink sink, long nowMillis, long rotationCheckMillis) throws IOException {
        diffs.poll(read::add, nowMillis, rotationCheckMillis);
        int diffCount = read.size();
        trades.poll(read::add, nowMillis, rotationCheckMillis);
        for (int i = 0; i < diffCount; i++) {
            maxDiffSeq = Math.max(maxDiffSeq, read.get(i).seq());
        }
        for (int i = diffCount; i < read.size(); i++) {
            if (held.size() == heldSince.length) {
                heldSince = Arrays.copyOf(heldSince, heldSince.length * 2);
            }
            heldSince[held.size()] = nowMillis;
            held.add(read.get(i));
        }
        // one pass: what can go now into ready, the rest moved up in place (a first poll may hold thousands)
        int kept = 0;
        for (int i = 0; i < held.size(); i++) {
            LiveLine t = held.get(i);
            if (t.seq() < maxDiffSeq || nowMillis - heldSince[i] >= holdMillis) {
                ready.add(t);
            } else {
                heldSince[kept] = heldSince[i];
                held.set(kept++, t);
            }
        }
        held.subList(kept, held.size()).clear();
        // a two-way merge: each file's own order is kept (a file holds one writer's lines, in order)
        int n = 0;
        int d = 0;
        int t = 0;
        while (d < diffCount || t < ready.size()) {
            LiveLine l;
            if (t >= ready.size() || d < diffCount && read.get(d).seq() <= ready.get(t).seq()) {
                l = read.get(d++);
            } else {
                l = ready.get(t++);
            }
            if (l.seq() <= lastSeq) {
                rollback(sink, l);
            }
            sink.line(l);
            lastSeq = l.seq();
            n++;
        }
        return n;
    }

    /**
     * A recorder that restarted (from a savepoint, or a checkpoint after a failure) numbers on from its restored
     * state, so it writes some {@code recv_seq} again: what was handed on above it is void. The previous run's
     * lines were all written before the new run's first (a restart takes seconds, the files are read every few
     * milliseconds), so the trades still held above the rollback point are the previous run's and are dropped.
     */
    private void rollback(Sink sink, LiveLine l) {
        long to = l.seq() - 1;
        int kept = 0;
        for (int i = 0; i < held.size(); i++) {
            if (held.get(i).seq() <= to) {
                heldSince[kept] = heldSince[i];
                held.set(kept++, held.get(i));
            }
        }
        held.subList(kept, held.size()).clear();
        maxDiffSeq = l.diff() ? l.seq() : to;
        rollbacks++;
        LOG.info("live lines roll back to recv_seq {}: the recorder restarted and produces them again", to);
        sink.rollback(to, l.attempt());
    }

    long rollbacks() {
        return rollbacks;
    }

    @Override
    public void close() throws IOException {
        try {
            diffs.close();
        } finally {
            trades.close();
        }
    }
}
