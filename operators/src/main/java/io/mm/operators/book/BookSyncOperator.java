package io.mm.operators.book;

import io.mm.core.Exchange;
import io.mm.core.clock.RecorderClock;
import io.mm.core.contract.DayNumbering;
import io.mm.core.contract.FileRecord;
import io.mm.core.contract.SymbolFs;
import io.mm.core.feed.RawFrame;
import io.mm.core.window.TradingWindow;
import io.mm.operators.RecorderSettings;
import io.mm.operators.snapshot.SnapshotFetcher;
import io.mm.operators.snapshot.SnapshotFetcherFactory;
import io.mm.operators.snapshot.SnapshotResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.StreamOperatorParameters;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keyed book-sync operator (key {@code exchange:symbol}): runs one {@link SymbolRecorder} per symbol on
 * the task thread and emits the contract's rows as {@link FileRecord}s.
 *
 * <p>Each recorder's live objects (book, engine, buffers, parser) stay mutable plain Java; the checkpointed
 * {@link BookState} is written at each checkpoint for the symbols that changed since the last one. REST
 * snapshots are fetched asynchronously and their answers come back through the task's mailbox, so state is
 * only touched on the task thread and no feedback edge to the source is needed. One processing-time timer
 * per symbol drives window boundaries, heartbeats and sync warnings.
 */
public final class BookSyncOperator extends AbstractStreamOperator<FileRecord>
        implements OneInputStreamOperator<RawFrame, FileRecord>, Triggerable<String, VoidNamespace> {
    private static final Logger LOG = LoggerFactory.getLogger(BookSyncOperator.class);
    private static final long serialVersionUID = 1L;

    private final RecorderSettings settings;
    private final SnapshotFetcherFactory fetcherFactory;
    /** Where the day files are, for a run without a checkpoint to number on from them; null: not looked up. */
    private final String dataDir;
    private final transient MailboxExecutor mailbox;

    private transient ValueState<BookState> state;
    private transient InternalTimerService<VoidNamespace> timers;
    private transient Map<String, SymbolRecorder> recorders;
    /**
     * Keys whose book changed since the last checkpoint, with their recorders (flagged {@link SymbolRecorder#dirty}):
     * a flag and a list instead of a set, since a set's add hashed and compared the key for every record.
     */
    private transient List<String> dirtyKeys;
    private transient List<SymbolRecorder> dirtyRecorders;
    private transient SnapshotFetcher fetcher;
    private transient TradingWindow window;
    private transient RecorderClock clock;
    private transient int attempt;
    private transient StreamRecord<FileRecord> reuse;
    /** The input's timestamp, carried to its outputs (replay in BATCH mode orders by it). */
    private transient long inputTimestamp;
    private transient boolean hasInputTimestamp;
    private transient boolean stopped;

    BookSyncOperator(StreamOperatorParameters<FileRecord> parameters, RecorderSettings settings, SnapshotFetcherFactory fetcherFactory,
                     String dataDir, MailboxExecutor mailbox) {
        super(parameters);
        this.settings = settings;
        this.fetcherFactory = fetcherFactory;
        this.dataDir = dataDir;
        this.mailbox = mailbox;
    }

    @Override
    public void open() throws Exception {
        super.open();
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("book", new BookStateSerializer()));
        timers = getInternalTimerService("book-sync", VoidNamespaceSerializer.INSTANCE, this);
        recorders = new HashMap<>();
        dirtyKeys = new ArrayList<>();
        dirtyRecorders = new ArrayList<>();
        window = settings.window();
        clock = settings.clock();
        attempt = getRuntimeContext().getTaskInfo().getAttemptNumber();
        reuse = new StreamRecord<>(null);
        if (fetcherFactory != null && !settings.replay()) {
            fetcher = fetcherFactory.create(getMetricGroup());
        }
    }

    @Override
    public void processElement(StreamRecord<RawFrame> element) throws Exception {
        RawFrame f = element.getValue();
        hasInputTimestamp = element.hasTimestamp();
        inputTimestamp = element.getTimestamp();
        String key = (String) getCurrentKey();
        if (f.type() == RawFrame.Type.RUN_START) {
            if (settings.replay()) {
                // the live run started the symbol over here; so does the replay, as that run began
                recorders.remove(key);
                SymbolRecorder r = recorder(key, f.exchange(), f.symbol(), f.recvTimeUs());
                if (f.isContinuingRun()) {
                    r.continueRun(f.connection());
                }
                afterInput(key, r);
            }
            return;
        }
        SymbolRecorder r = recorder(key, f.exchange(), f.symbol(), f.recvTimeUs());
        r.onFrame(f);
        afterInput(key, r);
    }

    private SymbolRecorder recorder(String key, Exchange exchange, String symbol, long nowUs) throws Exception {
        SymbolRecorder r = recorders.get(key);
        if (r == null) {
            r = new SymbolRecorder(exchange, symbol, settings, window, this::emit, attempt);
            if (!settings.replay()) {
                r.attachMetrics(getMetricGroup());
            }
            BookState restored = state.value();
            if (settings.replay()) {
                r.startReplay(replayDay(key));
            } else if (restored != null) {
                r.restore(restored, nowUs);
            } else {
                r.startRun(nowUs, dataDir == null ? null : day -> earlierRun(exchange, symbol, day));
            }
            recorders.put(key, r);
        }
        return r;
    }

    /** What an earlier run wrote into the symbol's day, for a run that starts without a checkpoint. */
    private DayNumbering earlierRun(Exchange exchange, String symbol, int day) {
        try {
            DayNumbering n = DayNumbering.of(Paths.get(dataDir), exchange, SymbolFs.of(exchange, symbol), day);
            if (!n.equals(DayNumbering.NONE)) {
                LOG.info("{}:{}: day {} holds recv_seq up to {} and event_id up to {} from an earlier run: this run numbers on from there",
                        exchange.id(), symbol, day, n.recvSeq(), n.eventId());
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException("reading what an earlier run wrote into " + exchange.id() + "/" + SymbolFs.of(exchange, symbol)
                    + "/" + day + " under " + dataDir, e);
        }
    }

    /** Replay keys are day directories, {@code exchange/SYMBOL_FS/YYYYMMDD}: each day replays on its own. */
    static int replayDay(String key) {
        int slash = key.lastIndexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("replay key without a day: " + key);
        }
        return Integer.parseInt(key.substring(slash + 1));
    }

    private void emit(FileRecord rec) {
        output.collect(hasInputTimestamp ? reuse.replace(rec, inputTimestamp) : reuse.replace(rec));
    }

    private void afterInput(String key, SymbolRecorder r) {
        if (!r.dirty) {
            r.dirty = true;
            dirtyKeys.add(key);
            dirtyRecorders.add(r);
        }
        if (settings.replay()) {
            return;
        }
        long now = clock.nowMicros();
        if (fetcher != null && r.takeSnapshotRequest(now)) {
            fetcher.fetch(r.exchange, r.symbol, r.snapshotLimit(), resp -> deliver(key, resp));
        }
        long wall = clock.wallMillisAt(r.nextWakeUs(now));
        if (wall < r.timerAtMillis) {
            r.timerAtMillis = wall;
            timers.registerProcessingTimeTimer(VoidNamespace.INSTANCE, wall);
        }
    }

    /** Called on an I/O thread: hand the answer to the task thread. */
    private void deliver(String key, SnapshotResponse resp) {
        try {
            mailbox.execute(() -> {
                if (stopped) {
                    return;
                }
                SymbolRecorder r = recorders.get(key);
                if (r == null) {
                    return;
                }
                setCurrentKey(key);
                hasInputTimestamp = false;
                r.onRestSnapshot(resp, clock.nowMicros());
                afterInput(key, r);
            }, "REST snapshot for %s", key);
        } catch (RejectedExecutionException e) {
            LOG.debug("REST snapshot for {} arrived after the task stopped", key);
        }
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        String key = timer.getKey();
        SymbolRecorder r = recorders.get(key);
        if (r == null) {
            // a timer restored from a checkpoint before any new input for this symbol
            BookState st = state.value();
            if (st == null) {
                return;
            }
            String[] parts = key.split(":", 2);
            r = recorder(key, Exchange.parse(parts[0]), parts[1], clock.nowMicros());
        }
        hasInputTimestamp = false;
        if (timer.getTimestamp() >= r.timerAtMillis) {
            r.timerAtMillis = Long.MAX_VALUE;
        }
        r.onTimer(clock.nowMicros());
        afterInput(key, r);
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) {
        // no event-time timers
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        for (int i = 0; i < dirtyKeys.size(); i++) {
            SymbolRecorder r = dirtyRecorders.get(i);
            setCurrentKey(dirtyKeys.get(i));
            state.update(r.toState());
            r.dirty = false;
        }
        dirtyKeys.clear();
        dirtyRecorders.clear();
        super.snapshotState(context);
    }

    @Override
    public void finish() throws Exception {
        if (!settings.replay()) {
            long now = clock.nowMicros();
            for (SymbolRecorder r : recorders.values()) {
                r.stop(now, "end of input");
            }
        }
        stopped = true;
        super.finish();
    }

    @Override
    public void close() throws Exception {
        stopped = true;
        try {
            if (fetcher != null) {
                fetcher.close();
            }
        } finally {
            super.close();
        }
    }
}
