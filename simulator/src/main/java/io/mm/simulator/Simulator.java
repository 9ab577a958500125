package io.mm.simulator;

import io.mm.core.Exchange;
import io.mm.simulator.binance.BinanceFeed;
import io.mm.simulator.capture.CaptureFeed;
import io.mm.simulator.capture.CaptureFile;
import io.mm.simulator.capture.CaptureLine;
import io.mm.simulator.bitfinex.BitfinexFeed;
import io.mm.simulator.control.ControlEndpoint;
import io.mm.simulator.fault.FaultController;
import io.mm.simulator.fault.FaultRecord;
import io.mm.simulator.fault.FaultSpec;
import io.mm.simulator.kraken.KrakenFeed;
import io.mm.simulator.market.Instrument;
import io.mm.simulator.market.MarketHub;
import io.mm.simulator.market.SymbolMarket;
import io.mm.simulator.server.ExchangeFeed;
import io.mm.simulator.server.SimServer;
import io.mm.simulator.server.Sessions;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * A loopback exchange: Binance Spot, Kraken WS v2 and Bitfinex WS v2 on one port, each under its own prefix
 * with the exchange's real paths below it, over seeded random-walk markets, with faults on demand and a
 * control endpoint that reports each symbol's true book.
 *
 * <pre>{@code
 * try (Simulator sim = Simulator.builder().seed(7).rate(100).build().start()) {
 *     SimulatorUrls urls = sim.urls();   // ws://127.0.0.1:<port>/binance, ...
 *     sim.inject(FaultSpec.drop(Exchange.BINANCE, "BTCUSDT", 1));
 * }
 * }</pre>
 */
public final class Simulator implements AutoCloseable {
    private final Builder config;
    private final MarketHub hub;
    private final Sessions sessions;
    private final FaultController faults;
    private final SimServer server;
    private int port = -1;

    private Simulator(Builder b) {
        this.config = b;
        io.mm.core.clock.RecorderClock rc = b.clock;
        LongSupplier clock = rc == null ? System::currentTimeMillis : () -> Math.floorDiv(rc.nowMicros(), 1000);
        this.hub = new MarketHub(b.rate, b.tickMs, clock);
        this.sessions = new Sessions(clock);
        this.faults = new FaultController(clock);
        Map<Exchange, ExchangeFeed> feeds = new EnumMap<>(Exchange.class);
        if (b.capture != null) {
            for (Exchange e : b.exchanges) {
                CaptureFeed f = new CaptureFeed(e, hub, sessions, b.capture, b.captureSpeed);
                feeds.put(e, f);
                hub.listen(e, f);
            }
            hub.afterEachTask(sessions::flushAll);
            this.server = new SimServer(hub, sessions, faults, feeds, new ControlEndpoint(this)::handle);
            return;
        }
        long startMs = clock.getAsLong();
        for (Instrument i : b.instruments()) {
            SymbolMarket m = new SymbolMarket(i, b.seed, b.tradeLog);
            m.seedPast(b.seed, startMs, b.historyDays, b.rate);
            hub.add(m);
        }
        for (Exchange e : b.exchanges) {
            long limit = b.sessionLimits.getOrDefault(e, Duration.ZERO).toMillis();
            ExchangeFeed f = switch (e) {
                case BINANCE -> new BinanceFeed(hub, sessions, faults, limit, b.binanceIncomingPerSecond, b.binanceWeightPerMinute);
                case KRAKEN -> new KrakenFeed(hub, sessions, faults, limit);
                case BITFINEX -> new BitfinexFeed(hub, sessions, faults, limit, b.bitfinexGrantedFlags);
            };
            feeds.put(e, f);
            hub.listen(e, f);
        }
        hub.afterEachTask(sessions::flushAll);
        b.faults.forEach(faults::inject);
        this.server = new SimServer(hub, sessions, faults, feeds, new ControlEndpoint(this)::handle);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Binds the port and starts the markets. */
    public Simulator start() {
        try {
            port = server.start(config.host, config.port, config.ioThreads);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding " + config.host + ":" + config.port, e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot listen on " + config.host + ":" + config.port + ": " + e.getMessage(), e);
        }
        if (!config.startPaused) {
            hub.start();
        } else {
            hub.pause();
            hub.start();
        }
        return this;
    }

    public int port() {
        return port;
    }

    public String host() {
        return config.host;
    }

    public SimulatorUrls urls() {
        return SimulatorUrls.of(config.host, port);
    }

    public long seed() {
        return config.seed;
    }

    public void inject(FaultSpec fault) {
        faults.inject(fault);
    }

    /** Every fault that took effect, oldest first. */
    public List<FaultRecord> faultLog() {
        return faults.log();
    }

    /** Faults armed and not yet used up. */
    public List<FaultSpec> pendingFaults() {
        return faults.pending();
    }

    /** The symbols an exchange lists (its exchangeInfo, AssetPairs, instrument channel, conf list). */
    public List<String> symbols(Exchange e) {
        return hub.symbols(e);
    }

    /** A symbol's true book now, {@code depth} levels a side at most; null for an unknown symbol. */
    public TrueBook trueBook(Exchange e, String symbol, int depth) {
        return hub.call(() -> {
            SymbolMarket m = hub.market(e, symbol);
            if (m == null) {
                return null;
            }
            return new TrueBook(e, symbol, m.updateId(), levels(m, true, depth), levels(m, false, depth));
        });
    }

    private static List<TrueBook.Level> levels(SymbolMarket m, boolean bid, int depth) {
        List<TrueBook.Level> out = new ArrayList<>();
        for (long[] l : m.levels(bid, depth)) {
            out.add(new TrueBook.Level(BigDecimal.valueOf(l[0], m.instrument.priceDecimals()), BigDecimal.valueOf(l[1], m.instrument.qtyDecimals()),
                    (int) l[2]));
        }
        return out;
    }

    /** Stops the markets and publishes what is batched, so clients can catch up with {@link #trueBook}. */
    public void pause() {
        hub.pause();
    }

    public void resume() {
        hub.resume();
    }

    public boolean paused() {
        return hub.paused();
    }

    /** Market steps per second per symbol. */
    public void rate(double perSymbolPerSecond) {
        hub.rate(perSymbolPerSecond);
    }

    /** Steps every market {@code n} times at once and publishes (paused simulators move only this way). */
    public void step(int n) {
        hub.stepAll(n);
    }

    public SimulatorStats stats() {
        Map<Exchange, SimulatorStats.PerExchange> per = new LinkedHashMap<>();
        // one trip to the market thread for both: symbol and session counts are its state
        int[][] counts = hub.call(() -> {
            int[][] c = new int[2][Exchange.values().length];
            for (Exchange e : Exchange.values()) {
                c[0][e.ordinal()] = hub.markets(e).size();
                c[1][e.ordinal()] = sessions.count(e);
            }
            return c;
        });
        for (Exchange e : config.exchanges) {
            per.put(e, new SimulatorStats.PerExchange(counts[0][e.ordinal()], counts[1][e.ordinal()], sessions.connections(e), sessions.messages(e),
                    sessions.chars(e), sessions.restRateLimited(e), sessions.restBanned(e)));
        }
        return new SimulatorStats(hub.steps(), hub.rate(), hub.paused(), hub.lagTicks(), per);
    }

    @Override
    public void close() {
        server.close();
        hub.close();
    }

    /** Days of past every market has before the simulator starts (REST klines, OHLC, candles, trades). */
    public static final int DEFAULT_HISTORY_DAYS = 31;

    /** How a simulator is set up; every setting has a default that serves the exchanges' majors. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private long seed = 1;
        private double rate = 50;
        private long tickMs = 10;
        private int ioThreads = 2;
        private int tradeLog = SymbolMarket.TRADE_LOG;
        private int historyDays = DEFAULT_HISTORY_DAYS;
        private boolean startPaused;
        private Set<Exchange> exchanges = EnumSet.allOf(Exchange.class);
        private final Map<Exchange, List<String>> symbols = new EnumMap<>(Exchange.class);
        private final Map<Exchange, Integer> synthetic = new EnumMap<>(Exchange.class);
        private final Map<Exchange, Duration> sessionLimits = new EnumMap<>(Exchange.class);
        private final List<FaultSpec> faults = new ArrayList<>();
        private int binanceIncomingPerSecond = 5;
        private int binanceWeightPerMinute = 6000;
        private long bitfinexGrantedFlags = -1L;
        private List<CaptureLine> capture;
        private double captureSpeed = 1;
        private io.mm.core.clock.RecorderClock clock;

        private Builder() {}

        /**
         * The exchanges' clock: trade and event times, candles, REST "now". A driven clock (the recorder's
         * {@code MM_CLOCK}) lets a test put a minute boundary or midnight a few seconds ahead; at speed 1 every
         * timeout still runs in real time.
         */
        public Builder clock(io.mm.core.clock.RecorderClock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Play a capture instead of the simulated markets (see {@link CaptureFile} for the format): each
         * exchange in it is served at its paths, {@code speed} times the recorded pace (0: as fast as possible).
         */
        public Builder capture(List<CaptureLine> lines, double speed) {
            if (!(speed >= 0) || Double.isInfinite(speed)) {
                throw new IllegalArgumentException("capture speed must be a finite number >= 0: " + speed);
            }
            this.capture = List.copyOf(lines);
            this.captureSpeed = speed;
            EnumSet<Exchange> in = EnumSet.noneOf(Exchange.class);
            lines.forEach(l -> in.add(l.exchange()));
            this.exchanges = in;
            return this;
        }

        public Builder capture(java.nio.file.Path file, double speed) throws java.io.IOException {
            return capture(CaptureFile.read(file), speed);
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** 0 (the default): a free port. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535: " + port);
            }
            this.port = port;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Market steps per second per symbol (each one book change or trade); default 50. */
        public Builder rate(double perSymbolPerSecond) {
            if (!(perSymbolPerSecond >= 0) || Double.isInfinite(perSymbolPerSecond)) {
                throw new IllegalArgumentException("rate must be a finite number >= 0: " + perSymbolPerSecond);
            }
            this.rate = perSymbolPerSecond;
            return this;
        }

        public Builder tickMs(long tickMs) {
            if (tickMs < 1 || tickMs > 1000) {
                throw new IllegalArgumentException("tick must be 1..1000 ms: " + tickMs);
            }
            this.tickMs = tickMs;
            return this;
        }

        public Builder ioThreads(int n) {
            this.ioThreads = Math.max(1, n);
            return this;
        }

        /** Trades kept per symbol for REST history. */
        /** Days of deterministic past before the start that REST history serves (0: none). */
        public Builder historyDays(int days) {
            this.historyDays = Math.max(0, days);
            return this;
        }

        public Builder tradeLog(int trades) {
            this.tradeLog = Math.max(1024, trades);
            return this;
        }

        /** Markets stand still until {@link #resume()} or {@link #step(int)}. */
        public Builder startPaused(boolean paused) {
            this.startPaused = paused;
            return this;
        }

        /** Serve only these exchanges (default all three). */
        public Builder exchanges(Set<Exchange> exchanges) {
            this.exchanges = exchanges.isEmpty() ? EnumSet.noneOf(Exchange.class) : EnumSet.copyOf(exchanges);
            return this;
        }

        /**
         * An exchange's symbols: names from the default list keep their real precisions; any other name gets a
         * generated instrument.
         */
        public Builder symbols(Exchange e, List<String> names) {
            symbols.put(e, List.copyOf(names));
            return this;
        }

        /** {@code n} generated symbols for the exchange, in place of its default majors (scale tests). */
        public Builder syntheticSymbols(Exchange e, int n) {
            if (n < 0) {
                throw new IllegalArgumentException("symbol count must be >= 0: " + n);
            }
            synthetic.put(e, n);
            return this;
        }

        /** Close an exchange's connections after this long (its 24-hour rule, shortened). */
        public Builder sessionLimit(Exchange e, Duration maxAge) {
            sessionLimits.put(e, maxAge);
            return this;
        }

        public Builder fault(FaultSpec f) {
            faults.add(f);
            return this;
        }

        public Builder binanceIncomingPerSecond(int n) {
            this.binanceIncomingPerSecond = n;
            return this;
        }

        /**
         * The Bitfinex {@code conf} flags the server grants: its answer holds the flags asked for and'ed with these
         * (all by default), and its frames carry what was granted, as a server that does not grant checksums
         * ({@code 131072}) or sequence numbers ({@code 65536}) would.
         */
        public Builder bitfinexGrantedFlags(long mask) {
            this.bitfinexGrantedFlags = mask;
            return this;
        }

        public Builder binanceWeightPerMinute(int n) {
            this.binanceWeightPerMinute = n;
            return this;
        }

        List<Instrument> instruments() {
            List<Instrument> out = new ArrayList<>();
            for (Exchange e : exchanges) {
                List<Instrument> defaults = Instrument.defaults(e);
                if (synthetic.containsKey(e)) {
                    for (int i = 1; i <= synthetic.get(e); i++) {
                        out.add(Instrument.synthetic(e, i));
                    }
                } else if (symbols.containsKey(e)) {
                    int n = 0;
                    for (String name : symbols.get(e)) {
                        n++;
                        Instrument known = defaults.stream().filter(i -> i.symbol().equals(name)).findFirst().orElse(null);
                        out.add(known != null ? known : Instrument.named(e, name, n));
                    }
                } else {
                    out.addAll(defaults);
                }
            }
            return out;
        }

        public Simulator build() {
            return new Simulator(this);
        }
    }
}
