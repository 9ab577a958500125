package io.mm.operators.book;

import io.mm.core.Exchange;
import io.mm.core.contract.ContractFile;
import io.mm.core.contract.FileRecord;
import io.mm.core.window.TradingWindow;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The trading days a symbol's rows go to: the days whose windows are open at the recorder's clock (overlapping windows
 * put a row in two), the contract's paths of each, and the roll from one set of days to the next. Days only move
 * forward, so a day never closes and opens again. In a replay the one recorded day is open, and nothing rolls.
 */
final class OpenDays {
    private static final int MAX_DAYS = 8;

    /** What the recorder writes when a day closes and opens. */
    interface Roll {
        void closed(long nowUs, int day);

        void opened(long nowUs, int day);
    }

    private final Exchange exchange;
    private final String symbolFs;
    private final TradingWindow window;
    private final SymbolRecorder.Output out;
    private final boolean replay;
    private int[] days = new int[0];
    private final int[] dayBuf = new int[MAX_DAYS];
    private final Map<Integer, DayPaths> paths = new HashMap<>();
    private DayPaths lastPaths;
    /** The latest time the open days were computed for. */
    private long clockUs = Long.MIN_VALUE;

    OpenDays(Exchange exchange, String symbolFs, TradingWindow window, SymbolRecorder.Output out, boolean replay) {
        this.exchange = exchange;
        this.symbolFs = symbolFs;
        this.window = window;
        this.out = out;
        this.replay = replay;
    }

    /** The days open at {@code nowUs}, opened without a roll (the run's first rows lead them). */
    int[] openAt(long nowUs) {
        days = Arrays.copyOf(dayBuf, window.daysAt(nowUs, dayBuf));
        return days;
    }

    /** Exactly these days (restored from a checkpoint, or the one day a replay reads, as YYYYMMDD). */
    void set(int... open) {
        days = open.clone();
    }

    /** The open days, for the checkpoint (a copy). */
    int[] toState() {
        return days.clone();
    }

    /** The open days; not to be changed. */
    int[] days() {
        return days;
    }

    /** The first open day (its log file takes rows of every day), 0 when none is. */
    int first() {
        return days.length > 0 ? days[0] : 0;
    }

    /**
     * Closes the days whose window ended and opens the days whose window started by {@code nowUs}. A frame stamped at
     * the socket can be older than a timer that already fired (the window-start timer at 00:00:00.001 before a frame
     * received at 23:59:59.98 is processed): going back would close the day just opened and open it again with a second
     * day_open, and that day would no longer replay on its own. Rows go to the days open now, whatever their stamp.
     */
    void advance(long nowUs, Roll roll) {
        if (replay) {
            return;
        }
        long now = Math.max(nowUs, clockUs);
        clockUs = now;
        int n = window.daysAt(now, dayBuf);
        if (n == days.length && sameDays(n)) {
            return;
        }
        int[] next = Arrays.copyOf(dayBuf, n);
        for (int d : days) {
            if (!contains(next, d)) {
                roll.closed(now, d);
                paths.remove(d);
                lastPaths = null;
            }
        }
        int[] before = days;
        days = next;
        for (int d : next) {
            if (!contains(before, d)) {
                roll.opened(now, d);
            }
        }
    }

    /** When the next window boundary is due after {@code nowUs}. */
    long nextBoundaryUs(long nowUs) {
        return window.nextBoundaryUs(nowUs);
    }

    TradingWindow window() {
        return window;
    }

    private boolean sameDays(int n) {
        for (int i = 0; i < n; i++) {
            if (dayBuf[i] != days[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    DayPaths paths(int day) {
        // nearly every record goes to the day of the one before: no boxed key, no map lookup for it
        if (lastPaths != null && lastPaths.day == day) {
            return lastPaths;
        }
        DayPaths p = paths.get(day);
        if (p == null) {
            p = new DayPaths(exchange, symbolFs, day);
            paths.put(day, p);
        }
        lastPaths = p;
        return p;
    }

    /** Rows appended to {@code f} of every open day. */
    void appendAll(ContractFile f, byte[] data) {
        for (int d : days) {
            out.emit(new FileRecord(paths(d).file(f), FileRecord.APPEND, data));
        }
    }

    /** Rows appended to {@code f} of one day. */
    void append(int day, ContractFile f, byte[] data) {
        out.emit(new FileRecord(paths(day).file(f), FileRecord.APPEND, data));
    }

    /** A live line (diffs or trades) of every open day. */
    void live(boolean diffs, byte[] data) {
        for (int d : days) {
            DayPaths p = paths(d);
            out.emit(new FileRecord(diffs ? p.liveDiffs : p.liveTrades, FileRecord.LIVE, data));
        }
    }

    /** A snapshot's CSV and JSON files, written whole, in one day. */
    void snapshot(int day, long eventId, String tag, byte[] csv, byte[] json) {
        DayPaths p = paths(day);
        out.emit(new FileRecord(p.snapshotCsv(eventId, tag), FileRecord.WHOLE_FILE, csv));
        out.emit(new FileRecord(p.snapshotJson(eventId, tag), FileRecord.WHOLE_FILE, json));
    }

    /** A replay finding for the validator, in every open day. */
    void finding(byte[] json) {
        for (int d : days) {
            out.emit(new FileRecord(paths(d).dir, FileRecord.FINDING, json));
        }
    }
}
