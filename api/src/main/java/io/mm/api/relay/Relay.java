package io.mm.api.relay;

import io.mm.api.book.BookView;
import io.mm.api.book.SymbolBook;
import io.mm.api.catalog.DataCatalog;
import io.mm.api.live.LiveLine;
import io.mm.api.live.SymbolTail;
import io.mm.core.contract.NumberStyle;
import io.mm.core.feed.TradeBatch;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay: one thread tails every recorded symbol's live files, keeps its book ({@link SymbolBook}) and
 * turns what happens into messages, encoded once per symbol and poll into a buffer of WebSocket frames that
 * every subscriber of the symbol gets a view of. The thread never waits for a client: a subscriber whose
 * queue is still full when new messages are due gets a {@code dropped} message and is closed, so a slow client
 * costs the others nothing. Requests from other threads run on the relay thread through {@link #call}.
 */
public final class Relay implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Relay.class);
    /**
     * The time a cycle spends rebuilding books from the day files before it hands on what the others read: past it,
     * the symbols still to rebuild wait for the next cycle (one of them is rebuilt every cycle).
     */
    static final long REBUILD_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(300);
    /** The state of a symbol whose newest day has no live files: there is nothing to follow. */
    public static final String NOT_LIVE = "NOT_LIVE";
    static final String WAITING_ITS_TURN = "waiting its turn to rebuild its book from the day's files";

    /**
     * @param pollMillis   how often the live files are read
     * @param holdMillis   how long a trade newer than every diff read waits for the diffs (see the tail)
     * @param scanMillis   how often DATA_DIR is listed for new symbols and days
     * @param engines      the recorder's engine settings
     */
    public record Settings(long pollMillis, long holdMillis, long scanMillis, SymbolBook.EngineSettings engines) {
        /**
         * A trade newer than every diff read is handed on at the next poll that read the diffs at least this long after
         * it: the diffs of its flush are written microseconds after it.
         */
        static final long HOLD_MILLIS = 5;

        public static Settings defaults() {
            return new Settings(10, HOLD_MILLIS, 2000, SymbolBook.EngineSettings.DEFAULT);
        }
    }

    private final DataCatalog catalog;
    private final Settings settings;
    private final LongSupplier clock;
    private final Map<String, Tracked> tracked = new HashMap<>();
    private final List<Tracked> order = new ArrayList<>();
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final List<Subscriber> touched = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private boolean scanned;
    private long lastScan;
    private volatile long messagesOut;
    private volatile long dropped;

    public Relay(DataCatalog catalog, Settings settings, LongSupplier wallMillis) {
        this.catalog = catalog;
        this.settings = settings;
        this.clock = wallMillis;
        this.thread = new Thread(this::run, "relay");
        this.thread.setDaemon(true);
    }

    public Relay start() {
        thread.start();
        return this;
    }

    public DataCatalog catalog() {
        return catalog;
    }

    /** Messages handed to clients so far (one per client and message). */
    public long messagesOut() {
        return messagesOut;
    }

    /** Clients dropped for falling behind. */
    public long droppedClients() {
        return dropped;
    }

    /** Takes every live trade (not trade snapshots) of every tracked symbol, on the relay thread. */
    public interface TradeListener {
        void trade(String key, long tradeTsUs, double price);
    }

    private final List<TradeListener> tradeListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public void listenTrades(TradeListener l) {
        tradeListeners.add(l);
    }

    /** Runs {@code f} on the relay thread, with the relay's symbols in a consistent state. */
    public <T> CompletableFuture<T> call(Function<View, T> f) {
        CompletableFuture<T> r = new CompletableFuture<>();
        tasks.add(() -> {
            try {
                r.complete(f.apply(view));
            } catch (RuntimeException e) {
                r.completeExceptionally(e);
            }
        });
        LockSupport.unpark(thread);
        return r;
    }

    /** Starts sending to {@code s}: each symbol's current book (or why there is none), then everything new. */
    public void subscribe(Subscriber s) {
        tasks.add(() -> {
            for (String key : s.keys) {
                Tracked t = tracked(key);
                if (t == null) {
                    continue;
                }
                t.subs.add(s);
                ByteBuf first = s.channel.alloc().buffer();
                WsFrames.text(first, t.firstMessage());
                if (t.stopSent) {
                    WsFrames.text(first, t.stoppedMessage());
                }
                s.channel.write(first);
            }
            s.channel.flush();
        });
        LockSupport.unpark(thread);
    }

    public void unsubscribe(Subscriber s) {
        tasks.add(() -> {
            for (Tracked t : order) {
                t.subs.remove(s);
            }
        });
    }

    /** What requests may read on the relay thread. */
    public final class View {
        /** The symbol's state, tracking it from now on if it was not yet. */
        public SymbolState symbol(DataCatalog.Entry e) {
            Tracked t = tracked(e.key());
            return t == null ? null : t.state();
        }

        public List<SymbolState> all() {
            List<SymbolState> out = new ArrayList<>();
            for (Tracked t : order) {
                out.add(t.state());
            }
            return out;
        }
    }

    private final View view = new View();

    /** A symbol as REST reports it. */
    public record SymbolState(DataCatalog.Entry entry, BookView book, String state, int epoch, String reason, long lastSeq,
                              long lastRecvTsUs, long lastLineAtMillis, long lines, int day, long lastLedgerRowTsUs,
                              long windowClosedAtUs) {}

    private Tracked tracked(String key) {
        Tracked t = tracked.get(key);
        if (t != null) {
            return t;
        }
        for (DataCatalog.Entry e : catalog.all()) {
            if (e.key().equals(key)) {
                t = new Tracked(e);
                tracked.put(key, t);
                order.add(t);
                return t;
            }
        }
        return null;
    }

    private void run() {
        while (running) {
            long start = System.nanoTime();
            try {
                cycle();
            } catch (RuntimeException | IOException e) {
                LOG.error("relay cycle failed; going on", e);
            }
            long left = TimeUnit.MILLISECONDS.toNanos(settings.pollMillis()) - (System.nanoTime() - start);
            if (left > 0 && tasks.isEmpty()) {
                LockSupport.parkNanos(left);
            }
        }
    }

    private void runTasks() {
        Runnable r;
        while ((r = tasks.poll()) != null) {
            r.run();
        }
    }

    private void cycle() throws IOException {
        runTasks();
        long now = clock.getAsLong();
        if (!scanned || now - lastScan >= settings.scanMillis()) {
            scanned = true;
            lastScan = now;
            catalog.refresh();
            for (DataCatalog.Entry e : catalog.all()) {
                if (e.live()) {
                    tracked(e.key());
                }
            }
        }
        long rebuilding = 0;
        for (int i = 0; i < order.size(); i++) {
            Tracked t = order.get(i);
            boolean cold = t.cold();
            if (cold && rebuilding >= REBUILD_SLICE_NANOS) {
                continue; // rebuilt in a later cycle: the symbols already rebuilt stream on meanwhile
            }
            long start = cold ? System.nanoTime() : 0;
            t.poll(now);
            if (cold) {
                rebuilding += System.nanoTime() - start;
            }
            runTasks(); // a request waits for one symbol's poll at most, also while hundreds of books are rebuilt
        }
        for (Subscriber s : touched) {
            s.touched = false;
            if (s.dropped) {
                s.pending.forEach(ByteBuf::release);
            } else {
                s.handOver();
            }
            s.pending.clear();
            s.pendingBytes = 0;
        }
        touched.clear();
    }

    private void drop(Subscriber s, String why) {
        dropped++;
        for (Tracked t : order) {
            t.subs.remove(s);
        }
        LOG.info("relay client {} dropped: {}", s.channel.remoteAddress(), why);
        s.drop(why);
    }

    /** One symbol: its tail, its book, its subscribers and this poll's messages. */
    private final class Tracked implements SymbolTail.Sink, SymbolBook.Out {
        final DataCatalog.Entry entry;
        final SymbolTail tail;
        SymbolBook book;
        RelayMessages msgs;
        final List<Subscriber> subs = new ArrayList<>();
        final SymbolBatch batch = new SymbolBatch();
        final RelayedTrades relayed;
        long lastLineAt;
        long lastRecvTsUs;
        long lines;
        String problem;
        /** Clients were told the recorder stopped, and it has not recorded since. */
        boolean stopSent;
        final byte[] scratch = new byte[64];

        Tracked(DataCatalog.Entry entry) {
            this.entry = entry;
            this.relayed = new RelayedTrades(entry.exchange());
            // an empty read checks for a rotation at once: a diff in a rotated-to file must be seen before newer trades go
            this.tail = new SymbolTail(entry.dir(), settings.holdMillis(), 1000, 0);
        }

        /** Its next poll may rebuild its book from the day files. */
        boolean cold() {
            return book == null ? entry.live() : book.needsRebuild();
        }

        SymbolState state() {
            if (book == null) {
                return new SymbolState(entry, null, entry.live() ? "CONNECTING" : NOT_LIVE, 0,
                        problem != null ? problem : noBookYet(), -1,
                        0, 0, 0, tail.day(), -1, -1);
            }
            // STOPPED once the 'stopped' message is due: every line before the stop passed on
            String state = book.stopped() && !stopSent ? book.runningState() : book.state();
            return new SymbolState(entry, book.liveBook(), state, book.epoch(), waitReason(), book.lastSeq(), lastRecvTsUs,
                    lastLineAt, lines, tail.day(), book.lastLedgerRowTsUs(), book.windowClosedAtUs());
        }

        /** Why there is no live book: the last poll's failure while it keeps failing, else the book's own reason. */
        private String waitReason() {
            return problem != null && book.liveBook() == null ? problem : book.waitReason();
        }

        byte[] firstMessage() {
            if (book != null) {
                BookView b = book.liveBook();
                if (b != null) {
                    return msgs.book(b);
                }
                return msgs.resync(book.lastSeq(), book.epoch(), book.state(), waitReason());
            }
            RelayMessages m = new RelayMessages(entry.exchange(), entry.name());
            return m.resync(-1, 0, "CONNECTING", noBookYet());
        }

        private String noBookYet() {
            return entry.live() ? WAITING_ITS_TURN : "no live files in the newest day";
        }

        byte[] stoppedMessage() {
            return msgs.stopped(book.lastSeq(), book.epoch(), book.stoppedAtUs());
        }

        void poll(long now) throws IOException {
            try {
                if (book == null && entry.live() && tail.startDay(now) != 0) {
                    book = new SymbolBook(entry.dir(), entry.exchange(), entry.name(), entry.symbolFs(), settings.engines());
                    msgs = new RelayMessages(entry.exchange(), entry.name());
                }
                if (book != null && book.needsRebuild() && tail.day() != 0) {
                    book.rebuild(tail.day()); // before the lines are read: when it fails they stay in the files for the next try
                    tail.skipDiffsThrough(book.committedThrough());
                }
                tail.poll(this, now);
                if (book != null) {
                    book.poll(tail.day(), this);
                    boolean stopped = book.stopped() && tail.buffered() == 0; // "stopped" comes after every line, held trades too
                    if (stopped && !stopSent && !subs.isEmpty()) {
                        byte[] m = stoppedMessage();
                        add(m, anyRaw() ? m : null);
                    }
                    stopSent = stopped;
                }
                problem = null;
            } catch (IOException | RuntimeException e) {
                String was = problem;
                problem = e instanceof java.io.UncheckedIOException u ? u.getCause().toString() : e.toString();
                if (!problem.equals(was)) {
                    LOG.warn("{}: {} (tried again at every poll)", entry.key(), problem);
                }
            }
            send();
        }

        @Override
        public void line(LiveLine l) {
            lines++;
            lastLineAt = clock.getAsLong();
            lastRecvTsUs = l.recvTsUs();
            String name = l.symbol() != null ? l.symbol() : entry.name();
            if (book == null || !book.symbol.equals(name)) {
                // the lines name the symbol otherwise than DATA_DIR's listing did: a book of their name
                catalog.nameSymbol(entry.exchange(), entry.symbolFs(), name);
                book = new SymbolBook(entry.dir(), entry.exchange(), name, entry.symbolFs(), settings.engines());
                msgs = new RelayMessages(entry.exchange(), name);
            }
            try {
                book.onLine(l, tail.day(), this);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void rollback(long toSeq, int attempt) {
            if (book != null) {
                book.onRollback(toSeq, this);
            }
        }

        @Override
        public void dayChanged(int day) {
            if (book != null) {
                book.onDayChanged(day);
            }
        }

        @Override
        public void diff(LiveLine l, boolean applied, int epoch) {
            if (subs.isEmpty()) {
                return;
            }
            add(msgs.diff(l, applied, epoch, false), anyRaw() ? msgs.diff(l, applied, epoch, true) : null);
        }

        @Override
        public void trade(LiveLine l) {
            // every line is sorted out, listened to or not: whether a trade went out before is the same for every client
            TradeBatch t = msgs.parseTrades(l.raw());
            if (t != null && relayed.select(t) == 0 || subs.isEmpty() && tradeListeners.isEmpty()) {
                return; // every trade of it went out before, or there is no one to tell
            }
            NumberStyle style = book.style();
            if (t != null && !t.snapshot) {
                for (TradeListener tl : tradeListeners) {
                    for (int k = 0; k < relayed.count(); k++) {
                        int i = relayed.index(k);
                        tl.trade(entry.key(), t.tradeTimeUs(i), RelayMessages.price(t, i, style, scratch));
                    }
                }
            }
            if (!subs.isEmpty()) {
                add(msgs.trade(l, t, relayed, style, false), anyRaw() ? msgs.trade(l, t, relayed, style, true) : null);
            }
        }

        @Override
        public void book(BookView b) {
            if (!subs.isEmpty()) {
                byte[] m = msgs.book(b);
                add(m, anyRaw() ? m : null);
            }
        }

        @Override
        public void resync(long seq, int epoch, String reason) {
            if (!subs.isEmpty()) {
                byte[] m = msgs.resync(seq, epoch, book.state(), reason);
                add(m, anyRaw() ? m : null);
            }
        }

        private boolean anyRaw() {
            return SymbolBatch.anyRaw(subs);
        }

        private void add(byte[] plain, byte[] raw) {
            batch.add(plain, raw);
        }

        private void send() {
            messagesOut += batch.handTo(subs, touched, Relay.this::drop);
        }
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Tracked t : order) {
            try {
                t.tail.close();
            } catch (IOException e) {
                LOG.debug("closing a tail: {}", e.toString());
            }
        }
    }
}
