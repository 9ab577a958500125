package io.mm.api.live;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One day directory's live diffs and trades merged into one stream in {@code recv_seq} order. The recorder
 * writes a flush's trades before its diffs, so after reading the diffs and then the trades every trade older
 * than the newest diff read is in hand: diffs go on at once, a newer trade waits until a newer diff shows up or
 * until it has waited {@code holdMillis} (a flush is long finished by then). A line whose {@code recv_seq} is not
 * above what was handed on comes from a recorder that recovered from a checkpoint (another job attempt) and
 * produces that stretch again: it is handed on as a rollback, and the failed attempt's lines above the rollback
 * point that are still pending or read in the same poll are dropped.
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
    private final List<LiveLine> read = new ArrayList<>();
    private final List<LiveLine> held = new ArrayList<>();
    private final List<Long> heldSince = new ArrayList<>();
    private long lastSeq = -1;
    private int lastAttempt = Integer.MIN_VALUE;
    private long maxDiffSeq = -1;
    private long late;
    /** During one poll after a rollback: the voided attempt and the rollback point. */
    private int voidAttempt = Integer.MIN_VALUE;
    private long voidAbove = Long.MAX_VALUE;

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

    /** Lines dropped because they came after newer ones of the same attempt (a writer without the trades-first order). */
    long late() {
        return late;
    }

    /** Reads both files and hands on what can go now; the number of lines handed on. */
    int poll(Sink sink, long nowMillis, long rotationCheckMillis) throws IOException {
        read.clear();
        diffs.poll(read::add, nowMillis, rotationCheckMillis);
        int diffCount = read.size();
        trades.poll(read::add, nowMillis, rotationCheckMillis);
        for (int i = 0; i < diffCount; i++) {
            maxDiffSeq = Math.max(maxDiffSeq, read.get(i).seq());
        }
        for (int i = diffCount; i < read.size(); i++) {
            held.add(read.get(i));
            heldSince.add(nowMillis);
        }
        List<LiveLine> out = new ArrayList<>(diffCount + held.size());
        out.addAll(read.subList(0, diffCount));
        for (int i = 0; i < held.size(); i++) {
            LiveLine t = held.get(i);
            if (t.seq() < maxDiffSeq || nowMillis - heldSince.get(i) >= holdMillis) {
                out.add(t);
                held.remove(i);
                heldSince.remove(i);
                i--;
            }
        }
        out.sort(Comparator.comparingLong(LiveLine::seq));
        int n = 0;
        for (LiveLine l : out) {
            if (l.attempt() == voidAttempt && l.seq() > voidAbove) {
                continue; // the failed attempt's tail, read in the poll that found its rollback
            }
            if (l.seq() <= lastSeq) {
                if (l.attempt() == lastAttempt) {
                    late++;
                    LOG.warn("live line recv_seq {} after {} of the same attempt: dropped (out of order)", l.seq(), lastSeq);
                    continue;
                }
                rollback(sink, l);
            }
            sink.line(l);
            lastSeq = l.seq();
            lastAttempt = l.attempt();
            n++;
        }
        voidAttempt = Integer.MIN_VALUE;
        voidAbove = Long.MAX_VALUE;
        return n;
    }

    private void rollback(Sink sink, LiveLine l) {
        long to = l.seq() - 1;
        voidAttempt = lastAttempt;
        voidAbove = to;
        for (int i = held.size() - 1; i >= 0; i--) {
            if (held.get(i).seq() > to && held.get(i).attempt() != l.attempt()) {
                held.remove(i);
                heldSince.remove(i);
            }
        }
        maxDiffSeq = Math.min(maxDiffSeq, l.seq());
        LOG.info("live lines roll back to recv_seq {}: the recorder's attempt {} produces them again", to, l.attempt());
        sink.rollback(to, l.attempt());
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
