package io.mm.api.book;

import io.mm.api.live.LiveLine;
import io.mm.core.Exchange;
import io.mm.core.contract.ContractFile;
import io.mm.core.contract.GzipMembers;
import io.mm.core.contract.NdjsonLines;
import io.mm.core.feed.RawFrame;
import io.mm.core.ledger.EventType;
import io.mm.core.ledger.LedgerInputs;
import io.mm.core.sync.SyncOutcome;
import io.mm.core.sync.SyncState;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A symbol's book as the recorder keeps it, rebuilt from its files with the recorder's own engine, twice:
 *
 * <ul>
 *   <li>the <b>confirmed</b> book follows the recorder exactly: its diffs merged with its ledger's inputs
 *   (snapshots, reconnects, subscriptions) in {@code recv_seq} order, up to the ledger's horizon, so it lags by
 *   a commit (the ledger is written at checkpoints, the live lines at once);</li>
 *   <li>the <b>live</b> book runs ahead on each live diff as it arrives. Every update it applies is checked by
 *   the exchange's own proof (Binance's update ids, Kraken's and Bitfinex's checksums), so it is right while it
 *   stays SYNCED. When it fails (the recorder reconnected or resynced: an input the live lines do not carry) it
 *   stops, and once the confirmed book has passed the failure and is SYNCED again the live book restarts as a
 *   copy of it plus the diffs since. The live book also restarts from the confirmed one when the recorder's
 *   epoch moved on without the live book noticing.</li>
 * </ul>
 *
 * <p>It starts from the newest point of the day's ledger the engine can start from on its own (a socket
 * close, a recovery, a {@code day_open} or {@code periodic} snapshot of the recorder's book, or the day's start),
 * reading the day's committed diffs from there, then the live lines. Single-threaded: the relay's thread.
 */
public final class SymbolBook {
    private static final Logger LOG = LoggerFactory.getLogger(SymbolBook.class);

    /** What the book tells the relay, in {@code recv_seq} order. */
    public interface Out {
        /** A live diff; {@code applied}: the live book applied it and the recorder wrote a book frame for it. */
        void diff(LiveLine l, boolean applied, int epoch);

        void trade(LiveLine l);

        /** The live book is (again) valid: clients take it whole. */
        void book(BookView book);

        /** The live book is void from {@code seq} on: clients drop theirs and wait for the next book. */
        void resync(long seq, int epoch, String reason);
    }

    /** Settings the recorder's engines were built with. */
    public record EngineSettings(int maxBuffered, int krakenDepth, int bitfinexLength, int maxHeldLines) {
        public static final EngineSettings DEFAULT = new EngineSettings(10_000, 10, 25, 2_000_000);
    }

    public final Exchange exchange;
    public final String symbol;
    public final String symbolFs;
    private final Path symbolDir;
    private final EngineSettings settings;

    private BookFeed confirmed;
    private long confirmedSeq = -1;
    private LedgerTail ledger;
    private LedgerTail nextLedger;
    private int ledgerIdx;
    private final ArrayDeque<LiveLine> held = new ArrayDeque<>();
    private long lastLineSeq = -1;
    private long skipThrough = -1;
    private BookFeed live;
    private boolean liveOk;
    private int lastEpoch;
    private String waitReason = "no synced book yet";
    private long triedAtSeq = Long.MIN_VALUE;

    public SymbolBook(Path symbolDir, Exchange exchange, String symbol, String symbolFs, EngineSettings settings) {
        this.symbolDir = symbolDir;
        this.exchange = exchange;
        this.symbol = symbol;
        this.symbolFs = symbolFs;
        this.settings = settings;
    }

    /** The live book when valid, else null. */
    public BookView liveBook() {
        return liveOk ? new BookView(live, lastLineSeq) : null;
    }

    /** The style the recorder writes this symbol's numbers in (Kraken's precisions once known). */
    public io.mm.core.contract.NumberStyle style() {
        BookFeed f = liveOk ? live : confirmed;
        return f != null ? f.style() : io.mm.core.contract.NumberStyle.of(exchange, -1, -1);
    }

    public int epoch() {
        return liveOk ? live.engine.machine().epoch() : lastEpoch;
    }

    /**
     * The state clients see: {@code STOPPED} once the ledger ends with the recorder's {@code run_end} and no line came
     * after it; else the live book's state when it is valid, else {@code RESYNCING} or {@code CONNECTING}.
     */
    public String state() {
        return stopped() ? SyncState.STOPPED.name() : runningState();
    }

    /** The state as if the recorder had not stopped: while lines before its stop are still on their way to clients. */
    public String runningState() {
        if (liveOk) {
            return live.engine.state().name();
        }
        return confirmed != null && confirmed.engine.state() == SyncState.CONNECTING ? "CONNECTING" : "RESYNCING";
    }

    public String waitReason() {
        return liveOk ? null : waitReason;
    }

    /** The recorder stopped cleanly: its newest ledger row is {@code run_end}, at or after the newest line read. */
    public boolean stopped() {
        return ended() != null;
    }

    /** The ts_us of the {@code run_end} row that {@link #stopped()} rests on, else -1. */
    public long stoppedAtUs() {
        LedgerTail l = ended();
        return l == null ? -1 : l.endTsUs(EventType.RUN_END);
    }

    private LedgerTail ended() {
        return endsTheLines(nextLedger) ? nextLedger : endsTheLines(ledger) ? ledger : null;
    }

    /**
     * The ts_us of the {@code window_end} row that closed the trading window of the newest day, when no line came after
     * it and no newer day opened: the recorder writes nothing until its next window opens. Else -1.
     */
    public long windowClosedAtUs() {
        LedgerTail newest = nextLedger != null ? nextLedger : ledger;
        long seq = newest == null ? -1 : newest.endSeq(EventType.WINDOW_END);
        return seq >= 0 && seq >= lastLineSeq ? newest.endTsUs(EventType.WINDOW_END) : -1;
    }

    private boolean endsTheLines(LedgerTail l) {
        long seq = l == null ? -1 : l.endSeq(EventType.RUN_END);
        return seq >= 0 && seq >= lastLineSeq;
    }

    public long lastSeq() {
        return lastLineSeq;
    }

    /** When the recorder wrote its newest ledger row for the symbol (its own clock), else -1. */
    public long lastLedgerRowTsUs() {
        return Math.max(ledger == null ? -1 : ledger.lastRowTsUs(), nextLedger == null ? -1 : nextLedger.lastRowTsUs());
    }

    /** A live line, in order. */
    public void onLine(LiveLine l, int day, Out out) throws IOException {
        if (confirmed == null) {
            rebuild(day);
        }
        lastLineSeq = Math.max(lastLineSeq, l.seq());
        if (!l.diff()) {
            out.trade(l);
            return;
        }
        if (l.seq() <= skipThrough) {
            out.diff(l, false, lastEpoch); // the books read it from the committed diffs already
            return;
        }
        held.add(l);
        long windowEnd = ledger == null ? -1 : ledger.endSeq(EventType.WINDOW_END);
        if (windowEnd >= 0 && l.seq() > windowEnd) {
            pausedBetweenWindows(windowEnd, l.seq(), out);
        }
        if (held.size() > settings.maxHeldLines()) {
            LOG.warn("{}/{}: {} live diffs beyond the ledger's horizon ({}): starting over from the files", exchange.id(), symbolFs,
                    held.size(), ledger == null ? "no ledger" : ledger.problem() != null ? ledger.problem() : "it stopped growing");
            held.clear();
            confirmed = null;
        }
        if (!liveOk) {
            out.diff(l, false, lastEpoch);
            return;
        }
        SyncOutcome o = live.diff(l.seq(), l.recvTsUs(), l.raw());
        lastEpoch = live.engine.machine().epoch();
        if (!live.engine.isSynced()) {
            liveOk = false;
            waitReason = "the live book failed the exchange's proof at recv_seq " + l.seq() + " (" + o + "): the recorder resyncs";
            out.diff(l, false, lastEpoch);
            out.resync(l.seq(), lastEpoch, waitReason);
            return;
        }
        out.diff(l, o.writesFrame(), lastEpoch);
    }

    /** The recorder recovered and produces the lines above {@code toSeq} again. */
    public void onRollback(long toSeq, Out out) {
        held.removeIf(l -> l.seq() > toSeq);
        triedAtSeq = Long.MIN_VALUE;
        lastLineSeq = Math.min(lastLineSeq, toSeq);
        if (confirmed != null && confirmedSeq > toSeq) {
            confirmed = null; // cannot happen with committed ledgers (they never pass a restored checkpoint); start over
        }
        if (liveOk) {
            liveOk = false;
            waitReason = "the recorder recovered from a checkpoint: lines after recv_seq " + toSeq + " are produced again";
            out.resync(toSeq, lastEpoch, waitReason);
        }
    }

    /** The live lines now come from day {@code day}: its ledger takes over once the confirmed book reaches it. */
    public void onDayChanged(int day) {
        if (ledger != null && day > ledger.day) {
            nextLedger = new LedgerTail(dayDir(day), exchange, symbol, symbolFs, day);
        }
    }

    /** Reads the ledger, moves the confirmed book on and, where it can, the live book back to valid. */
    public void poll(int day, Out out) throws IOException {
        if (confirmed == null) {
            if (day == 0) {
                return;
            }
            rebuild(day);
        }
        ledger.refresh();
        if (nextLedger != null) {
            nextLedger.refresh();
            // the next day's ledger takes over where the books meet it; or, when the day's window closed before the
            // next one opened, once the book has read the closed day to its end (its window_end)
            long windowEnd = ledger.endSeq(EventType.WINDOW_END);
            boolean closed = windowEnd >= 0 && confirmedSeq >= windowEnd;
            if (nextLedger.firstSeq() >= 0 && (confirmedSeq >= nextLedger.firstSeq() || closed)) {
                boolean paused = confirmedSeq < nextLedger.firstSeq();
                switchLedger();
                if (paused) {
                    // what came between the windows was not written: the books resume from the new day's day_open
                    // snapshot (or the recorder's next resync), as a rebuild from that day would
                    confirmed.engine.machine().restore(SyncState.CONNECTING, confirmed.engine.machine().epoch(), true);
                    pausedBetweenWindows(windowEnd, lastLineSeq, out);
                }
            }
        }
        advance();
        if (liveOk && confirmedSeq >= lastLineSeq && notSyncedNow(confirmed.engine.state())) {
            // the ledger has caught up with every line and says the recorder's book is not synced there (a socket lost and
            // not back yet): no line may come for a while to tell the live book so
            liveOk = false;
            waitReason = "the recorder is " + confirmed.engine.state() + " (epoch " + confirmed.engine.machine().epoch()
                    + ") since recv_seq " + confirmedSeq;
            out.resync(confirmedSeq, confirmed.engine.machine().epoch(), waitReason);
        }
        if (!liveOk) {
            lastEpoch = Math.max(lastEpoch, confirmed.engine.machine().epoch()); // the recorder's epoch as far as the ledger tells
        }
        // a copy is tried again only once the confirmed book moved on: the diffs since cannot change
        boolean moved = confirmedSeq != triedAtSeq;
        // lines after the day's window_end belong to a day whose ledger the confirmed book has not reached yet
        long windowEnd = ledger.endSeq(EventType.WINDOW_END);
        boolean betweenDays = windowEnd >= 0 && lastLineSeq > windowEnd;
        if (confirmed.engine.isSynced() && moved && !betweenDays
                && (!liveOk || confirmed.engine.machine().epoch() > live.engine.machine().epoch())) {
            triedAtSeq = confirmedSeq;
            rederive(out);
        } else if (!liveOk && !confirmed.engine.isSynced()) {
            waitReason = "the recorder is " + confirmed.engine.state() + " (epoch " + confirmed.engine.machine().epoch() + ")";
        }
    }

    /**
     * The day's window closed and a later one opened: what the recorder received between them was not written, so the
     * live book goes on from the new day's day_open snapshot (told to clients once, whichever sees it first: the first
     * line after the window_end, or the confirmed book moving to the new day's ledger).
     */
    private void pausedBetweenWindows(long windowEnd, long seq, Out out) {
        if (liveOk) {
            liveOk = false;
            waitReason = "the recording paused between trading windows (window_end at recv_seq " + windowEnd
                    + "): the book is taken from the next day's day_open snapshot";
            out.resync(seq, lastEpoch, waitReason);
        }
    }

    private void switchLedger() {
        LOG.info("{}/{}: ledger of day {} from recv_seq {}", exchange.id(), symbolFs, nextLedger.day, confirmedSeq);
        List<LedgerTail.Entry> fed = ledger.entries();
        ledger = nextLedger;
        nextLedger = null;
        List<LedgerTail.Entry> es = ledger.entries();
        ledgerIdx = 0;
        // what both days hold was fed; rows of the confirmed recv_seq written into the new day only were not (a restore
        // after the old day's window ended numbers the new day's first rows on from the old day's last)
        while (ledgerIdx < es.size() && (es.get(ledgerIdx).input().seq() < confirmedSeq
                || es.get(ledgerIdx).input().seq() == confirmedSeq && holds(fed, es.get(ledgerIdx).input()))) {
            ledgerIdx++;
        }
    }

    private static boolean holds(List<LedgerTail.Entry> entries, LedgerInputs.Input in) {
        RawFrame f = in.frame();
        for (int i = entries.size() - 1; i >= 0 && entries.get(i).input().seq() >= in.seq(); i--) {
            RawFrame g = entries.get(i).input().frame();
            if (g.type() == f.type() && g.recvTimeUs() == f.recvTimeUs() && g.connection() == f.connection()
                    && Objects.equals(g.text(), f.text())) {
                return true;
            }
        }
        return false;
    }

    /** A state in which the recorder writes no frame (a stopped recorder's last book stays the one to serve). */
    private static boolean notSyncedNow(SyncState s) {
        return s != SyncState.SYNCED && s != SyncState.STOPPED;
    }

    private void rederive(Out out) {
        BookFeed c = confirmed.copySynced();
        for (LiveLine d : held) {
            c.diff(d.seq(), d.recvTsUs(), d.raw());
            if (!c.engine.isSynced()) {
                waitReason = "the recorder resyncs after recv_seq " + d.seq();
                return;
            }
        }
        live = c;
        liveOk = true;
        lastEpoch = live.engine.machine().epoch();
        out.book(new BookView(live, lastLineSeq));
    }

    /** Feeds the confirmed book everything below the horizon, merged as the recorder processed it. */
    private void advance() {
        long limit = Math.min(ledger.horizon(), lastLineSeq);
        List<LedgerTail.Entry> es = ledger.entries();
        while (true) {
            LedgerTail.Entry e = ledgerIdx < es.size() ? es.get(ledgerIdx) : null;
            LiveLine d = held.peekFirst();
            boolean lineNext = d != null && d.seq() <= limit && (e == null || d.seq() < e.input().seq()
                    || d.seq() == e.input().seq() && e.input().rank() > 0);
            if (lineNext) {
                confirmed.diff(d.seq(), d.recvTsUs(), d.raw());
                held.pollFirst();
            } else if (e != null && e.input().seq() <= limit) {
                feed(e.input().frame());
                ledgerIdx++;
            } else {
                break;
            }
        }
        confirmedSeq = Math.max(confirmedSeq, limit);
    }

    /** A ledger input into the confirmed book; a run that started over starts it over. */
    private void feed(RawFrame f) {
        if (f.type() == RawFrame.Type.RUN_START) {
            confirmed = confirmed.newRun(f);
        } else {
            confirmed.input(f);
        }
    }

    // ------------------------------------------------------------------ start

    private Path dayDir(int day) {
        return symbolDir.resolve(Integer.toString(day));
    }

    /** The last recv_seq the rebuild read from the committed diffs: the live diffs up to it are not needed. */
    public long committedThrough() {
        return skipThrough;
    }

    /** Whether the book is to be rebuilt from the day's files (before its first line, or after it had to start over). */
    public boolean needsRebuild() {
        return confirmed == null;
    }

    /** Rebuilds the book from day {@code day}'s ledger and committed diffs: the expensive part of a start. */
    public void rebuild(int day) throws IOException {
        ledger = new LedgerTail(dayDir(day), exchange, symbol, symbolFs, day);
        nextLedger = null;
        ledger.refresh();
        confirmed = new BookFeed(exchange, symbol, settings.maxBuffered(), settings.krakenDepth(), settings.bitfinexLength());
        for (LedgerInputs.Input i : ledger.preamble()) {
            confirmed.input(i.frame());
        }
        List<LedgerTail.Entry> es = ledger.entries();
        int start = -1;
        for (int i = es.size() - 1; i >= 0; i--) {
            if (es.get(i).reset()) {
                start = i;
                break;
            }
        }
        long from = -1;
        String startPoint = "from its start";
        if (start >= 0) {
            // the protocol state before it (subscriptions, conf flags, precisions, the day's depth), then the engine as the row says
            for (int i = 0; i < start; i++) {
                RawFrame f = es.get(i).input().frame();
                if (f.type() == RawFrame.Type.SUBSCRIBED || f.type() == RawFrame.Type.INSTRUMENT || f.type() == RawFrame.Type.GRANTED_FLAGS
                        || f.type() == RawFrame.Type.WINDOW_START) {
                    confirmed.input(f);
                }
            }
            LedgerTail.Entry r = es.get(start);
            startPoint = "from the " + switch (r.input().frame().type()) {
                case BOOK_SNAPSHOT -> "recorder's book snapshot";
                case CLOSE -> "socket close";
                case RECOVERY -> "recovery";
                case RUN_START -> "start of a run";
                default -> "socket error";
            } + " at recv_seq " + r.input().seq();
            if (r.input().frame().type() != RawFrame.Type.RUN_START) {
                confirmed.engine.machine().restore(SyncState.CONNECTING, r.epoch(), r.everSynced());
            }
            feed(r.input().frame());
            from = r.input().seq();
            ledgerIdx = start + 1;
        } else {
            ledgerIdx = 0;
        }
        held.clear();
        triedAtSeq = Long.MIN_VALUE;
        confirmedSeq = from;
        lastLineSeq = from;
        try {
            skipThrough = readCommittedDiffs(day, from);
        } catch (IOException | RuntimeException e) {
            confirmed = null; // half a book is none: the next poll rebuilds it again
            throw e;
        }
        lastLineSeq = Math.max(lastLineSeq, skipThrough);
        advance();
        liveOk = false;
        LOG.info("{}/{}: book rebuilt from day {} {} (ledger horizon {}, committed diffs to recv_seq {}): {} epoch {}", exchange.id(),
                symbolFs, day, startPoint, ledger.horizon(), skipThrough,
                confirmed.engine.state(), confirmed.engine.machine().epoch());
    }

    /** The day's committed diffs after {@code from}, into the held lines; the last recv_seq read (or {@code from}). */
    private long readCommittedDiffs(int day, long from) throws IOException {
        Path f = dayDir(day).resolve(ContractFile.DEPTH_DIFFS.relativePath(symbolFs, Integer.toString(day)));
        long last = from;
        long horizon = ledger.horizon();
        try (FileChannel ch = FileChannel.open(f);
             BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                     Channels.newInputStream(ch.position(from < 0 || !ledger.numberedInOrder() ? 0 : GzipMembers.atOrBefore(ch, from))),
                     1 << 16),
                     StandardCharsets.UTF_8), 1 << 16)) {
            String line;
            while ((line = r.readLine()) != null) {
                long head = NdjsonLines.headSeq(line);
                if (head >= 0 && head <= last) {
                    continue; // before the start point (a periodic snapshot, a resync): only its recv_seq is read
                }
                LiveLine l = LiveLine.parse(line, true);
                if (l == null || l.seq() <= last) {
                    continue;
                }
                last = l.seq();
                if (l.seq() <= horizon) {
                    // below the horizon the ledger is complete: feed at once rather than hold a day of lines
                    held.add(l);
                    lastLineSeq = l.seq();
                    advance();
                } else {
                    held.add(l);
                }
            }
        } catch (NoSuchFileException e) {
            return from; // STORE_DEPTH_DIFFS=0, or nothing committed yet: the live lines are all there is
        } catch (EOFException | UncheckedIOException e) {
            // a commit is appending its member: what was read is good, the rest comes from the live lines
        } catch (IOException e) {
            throw new IOException(symbolDir.getParent().getParent().relativize(f) + ": " + e.getMessage(), e); // named as under DATA_DIR
        }
        return last;
    }
}
