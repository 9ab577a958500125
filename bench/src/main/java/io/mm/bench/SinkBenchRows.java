package io.mm.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm.core.Exchange;
import io.mm.core.binance.BinanceParser;
import io.mm.core.book.LocalOrderBook;
import io.mm.core.book.Side;
import io.mm.core.clock.RecorderClock;
import io.mm.core.contract.BookFrameWriter;
import io.mm.core.contract.ByteSink;
import io.mm.core.contract.ContractFile;
import io.mm.core.contract.CsvRows;
import io.mm.core.contract.DayDirectory;
import io.mm.core.contract.FileRecord;
import io.mm.core.contract.NdjsonLines;
import io.mm.core.contract.NumberStyle;
import io.mm.core.contract.SymbolFs;
import io.mm.core.contract.TradeRowWriter;
import io.mm.core.feed.DepthUpdate;
import io.mm.core.feed.FrameKind;
import io.mm.core.feed.TradeBatch;
import io.mm.core.ledger.EventType;
import io.mm.core.ledger.LedgerEvent;
import io.mm.core.sync.SyncState;
import io.mm.simulator.binance.BinanceFeed;
import io.mm.simulator.binance.BinanceRest;
import io.mm.simulator.market.Change;
import io.mm.simulator.market.Instrument;
import io.mm.simulator.market.Step;
import io.mm.simulator.market.SymbolMarket;
import io.mm.simulator.market.Trade;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.metrics.Counter;

/**
 * The rows the recorder hands its day-file sink, for generated Binance symbols, without the recorder in front:
 * each symbol is a simulator market (a book of a few hundred levels a side around a random-walking mid). A tick
 * of a symbol takes {@link #STEPS_PER_TICK} market steps and turns them into what Binance's combined stream
 * sends (a {@code trade} frame per trade, then one {@code depthUpdate} of the tick's changes); the recorder's
 * own parser reads those frames, the book takes the update, and the recorder's own writers render the rows: a
 * {@code trades_ws_raw} line and a {@code trades_ws} row per trade, a {@code depth_diffs} line and a
 * {@code orderbook_ws_depth} row per update, and a heartbeat in {@code events} every {@link #HEARTBEAT_EVERY}
 * ticks. Timestamps are the recorder's system clock, so day directories are those of the wall clock.
 *
 * <p>One row per call, so a rate limiter upstream limits rows. Reader {@code i} of {@code p} owns the symbols
 * {@code n} with {@code n % p == i}: no symbol is generated twice, and its {@code recv_seq} never repeats.
 * Rows handed out are counted per kind ({@link #counterName}), for rates and for checking what was committed.
 *
 * <p>The rows are made on a thread of their own, up to {@link #AHEAD_ROWS} ahead of the source. The sink stops
 * taking rows for whole stretches (a checkpoint's commit, an early stage of every file) and Flink's network
 * buffers hold only a few hundred rows; rendered on the source thread, generation then waited for the sink
 * and the sink for generation, and the figure was the sum of both (seen in thread dumps: the source parked
 * while the sink committed or deflated, the sink idle while the source rendered).
 */
final class SinkBenchRows implements GeneratorFunction<Long, FileRecord> {
    private static final long serialVersionUID = 1L;
    static final int STEPS_PER_TICK = 2;
    /**
     * Far more often than the recorder's 60 s heartbeat (which at a few depth events a second would leave an
     * events file a handful of rows), so the events file has rows enough to measure.
     */
    static final int HEARTBEAT_EVERY = 100;
    /** Rows a batch of the generator thread holds. */
    static final int BATCH_ROWS = 512;
    /** Rows the generator thread may be ahead: a few seconds of what the sink takes, about 100 MiB of heap. */
    static final int AHEAD_ROWS = 256 * BATCH_ROWS;
    static final ContractFile[] KINDS = {ContractFile.ORDERBOOK, ContractFile.DEPTH_DIFFS, ContractFile.TRADES, ContractFile.TRADES_RAW,
        ContractFile.EVENTS};
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int symbols;
    private final int depthLevels;
    private final long seed;
    private final String runId;

    private transient BlockingQueue<Batch> ready;
    private transient Thread generator;
    private transient volatile Throwable failure;
    private transient Batch current;
    private transient int at;
    private transient Counter[] counters;

    /** Rows in the order they are handed out, each with its kind. */
    private static final class Batch {
        final List<FileRecord> rows = new ArrayList<>(BATCH_ROWS + 8);
        final List<ContractFile> kinds = new ArrayList<>(BATCH_ROWS + 8);

        void add(ContractFile kind, FileRecord r) {
            rows.add(r);
            kinds.add(kind);
        }
    }

    SinkBenchRows(int symbols, int depthLevels, long seed, String runId) {
        this.symbols = symbols;
        this.depthLevels = depthLevels;
        this.seed = seed;
        this.runId = runId;
    }

    /** The metric of rows of one kind handed out by a reader. */
    static String counterName(ContractFile kind) {
        return "sinkBenchRows_" + kind.name();
    }

    /** {@code S0001USDT}, ...: the simulator's generated Binance names. */
    static String symbol(int n) {
        return Instrument.synthetic(Exchange.BINANCE, n).symbol();
    }

    @Override
    public void open(SourceReaderContext ctx) {
        int p = ctx.currentParallelism();
        int me = ctx.getIndexOfSubtask();
        RecorderClock clock = RecorderClock.system();
        BinanceParser parser = new BinanceParser(); // each frame is parsed and used before the next: one per generator thread
        ByteSink row = new ByteSink(4096);
        List<SymbolRows> owned = new ArrayList<>();
        for (int n = 1; n <= symbols; n++) {
            if (n % p == me) {
                owned.add(new SymbolRows(Instrument.synthetic(Exchange.BINANCE, n), seed, depthLevels, runId, clock, parser, row));
            }
        }
        if (owned.isEmpty()) {
            throw new IllegalStateException("generator " + me + " of " + p + " owns no symbol: use at least as many symbols as the parallelism");
        }
        counters = new Counter[ContractFile.values().length];
        for (ContractFile k : KINDS) {
            counters[k.ordinal()] = ctx.metricGroup().counter(counterName(k));
        }
        ready = new ArrayBlockingQueue<>(AHEAD_ROWS / BATCH_ROWS);
        generator = new Thread(() -> generate(owned), "sink-bench-generator-" + me);
        generator.setDaemon(true);
        generator.start();
    }

    /** The generator thread: symbols in turn, one tick each, batches handed over. */
    private void generate(List<SymbolRows> owned) {
        int next = 0;
        try {
            while (true) {
                Batch b = new Batch();
                while (b.rows.size() < BATCH_ROWS) {
                    owned.get(next).tick(b);
                    next = (next + 1) % owned.size();
                }
                ready.put(b);
            }
        } catch (InterruptedException e) {
            // close(): the source is done
        } catch (Throwable t) {
            failure = t;
        }
    }

    @Override
    public FileRecord map(Long ignored) throws InterruptedException {
        while (current == null || at == current.rows.size()) {
            if (failure != null) {
                throw new IllegalStateException("the row generator failed", failure);
            }
            current = ready.poll(100, TimeUnit.MILLISECONDS);
            at = 0;
        }
        counters[current.kinds.get(at).ordinal()].inc();
        return current.rows.get(at++);
    }

    @Override
    public void close() throws InterruptedException {
        if (generator != null) {
            generator.interrupt();
            generator.join(10_000);
        }
    }

    /** One symbol: its market, the book the recorder would keep, the recorder's writers and sequence numbers. */
    private static final class SymbolRows {
        final SymbolMarket market;
        final String symbol;
        final String symbolFs;
        final String depthStream;
        final String tradeStream;
        final String runId;
        final RecorderClock clock;
        final BinanceParser parser;
        final ByteSink row;
        final LocalOrderBook book = new LocalOrderBook(512);
        final BookFrameWriter frames;
        final TradeRowWriter trades = new TradeRowWriter(NumberStyle.AS_SENT);
        final List<Change> changes = new ArrayList<>();
        final List<Trade> tickTrades = new ArrayList<>();
        final String[] paths = new String[ContractFile.values().length];
        long dayEndsUs = Long.MIN_VALUE;
        long recvSeq;
        long eventId;
        long ticks;
        long hbMessages;
        long hbBytes;
        long hbFrames;
        long hbTrades;

        SymbolRows(Instrument inst, long seed, int depthLevels, String runId, RecorderClock clock, BinanceParser parser, ByteSink row) {
            this.market = new SymbolMarket(inst, seed, 16);
            this.symbol = inst.symbol();
            this.symbolFs = SymbolFs.of(Exchange.BINANCE, symbol);
            String lower = symbol.toLowerCase(Locale.ROOT);
            this.depthStream = lower + "@depth@100ms";
            this.tradeStream = lower + "@trade";
            this.runId = runId;
            this.clock = clock;
            this.parser = parser;
            this.row = row;
            this.frames = new BookFrameWriter(depthLevels, NumberStyle.AS_SENT);
            // the book starts from the REST snapshot, as the recorder's does
            expect(parser.parseRestSnapshot(BinanceRest.depthBody(market, 1000), symbol), FrameKind.DEPTH_SNAPSHOT);
            parser.depth().applyTo(book);
        }

        void tick(Batch out) {
            long now = clock.nowMicros();
            if (now >= dayEndsUs) {
                newDay(now);
            }
            if (ticks++ % HEARTBEAT_EVERY == 0) {
                heartbeat(now, out);
            }
            changes.clear();
            tickTrades.clear();
            long ms = now / 1000;
            long first = -1;
            long last = 0;
            for (int i = 0; i < STEPS_PER_TICK; i++) {
                Step s = market.step(ms);
                if (first < 0) {
                    first = s.firstUpdateId;
                }
                last = s.lastUpdateId;
                changes.addAll(s.changes);
                if (s.trade != null) {
                    tickTrades.add(s.trade);
                }
            }
            for (Trade t : tickTrades) {
                String frame = BinanceFeed.combined(tradeStream, BinanceFeed.tradeEvent(market, t));
                expect(parser.parse(frame), FrameKind.TRADES);
                long seq = ++recvSeq;
                count(frame);
                row.reset();
                NdjsonLines.rawTrade(row, seq, now, Exchange.BINANCE.id(), symbol, frame, -1);
                emit(ContractFile.TRADES_RAW, out);
                TradeBatch tb = parser.trades();
                for (int i = 0; i < tb.size(); i++) {
                    row.reset();
                    trades.write(row, now, seq, tb, i);
                    emit(ContractFile.TRADES, out);
                    hbTrades++;
                }
            }
            String frame = BinanceFeed.combined(depthStream, BinanceFeed.depthEvent(market, first, last, changes, ms));
            expect(parser.parse(frame), FrameKind.DEPTH_UPDATE);
            DepthUpdate u = parser.depth();
            u.applyTo(book);
            long seq = ++recvSeq;
            count(frame);
            row.reset();
            NdjsonLines.diff(row, seq, now, Exchange.BINANCE.id(), symbol, u, NumberStyle.AS_SENT, frame, -1);
            emit(ContractFile.DEPTH_DIFFS, out);
            row.reset();
            frames.write(row, now, seq, u.eventTimeUs, 1, u.lastUpdateId, DepthUpdate.NONE, book);
            emit(ContractFile.ORDERBOOK, out);
            hbFrames++;
        }

        private void count(String frame) {
            hbMessages++;
            hbBytes += frame.length();
        }

        /** A heartbeat row with the recorder's details (its counts since the last one). */
        private void heartbeat(long now, Batch out) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("state", SyncState.SYNCED.name());
            d.put("messages", hbMessages);
            d.put("bytes", hbBytes);
            d.put("frames", hbFrames);
            d.put("trades", hbTrades);
            d.put("gaps", 0);
            d.put("resyncs", 0);
            d.put("bids", book.depth(Side.BID));
            d.put("asks", book.depth(Side.ASK));
            d.put("buffered", 0);
            d.put("last_data_age_ms", 0);
            hbMessages = hbBytes = hbFrames = hbTrades = 0;
            String details;
            try {
                details = JSON.writeValueAsString(d);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e); // numbers and names only
            }
            byte[] data = CsvRows.eventRow(new LedgerEvent(++eventId, now, recvSeq, runId, 1, EventType.HEARTBEAT, SyncState.SYNCED, "",
                    details)).getBytes(StandardCharsets.UTF_8);
            out.add(ContractFile.EVENTS, new FileRecord(paths[ContractFile.EVENTS.ordinal()], FileRecord.APPEND, data));
        }

        private void emit(ContractFile kind, Batch out) {
            out.add(kind, new FileRecord(paths[kind.ordinal()], FileRecord.APPEND, row.toByteArray()));
        }

        private void newDay(long nowUs) {
            LocalDate day = Instant.ofEpochSecond(Math.floorDiv(nowUs, 1_000_000L)).atZone(ZoneOffset.UTC).toLocalDate();
            String d = DayDirectory.DAY.format(day);
            String dir = Exchange.BINANCE.id() + "/" + symbolFs + "/" + d + "/";
            for (ContractFile f : ContractFile.values()) {
                paths[f.ordinal()] = dir + f.relativePath(symbolFs, d);
            }
            dayEndsUs = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1_000_000L;
        }

        private void expect(FrameKind got, FrameKind wanted) {
            if (got != wanted) {
                throw new IllegalStateException(symbol + ": the recorder's parser read a generated frame as " + got + " (" + parser.error()
                        + "), not " + wanted);
            }
        }
    }
}
