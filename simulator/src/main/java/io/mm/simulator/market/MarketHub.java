package io.mm.simulator.market;

import io.mm.core.Exchange;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator's one market thread: it owns every {@link SymbolMarket}, steps them at the configured rate
 * every tick, and runs every piece of work that touches a market or a session (subscriptions, REST answers,
 * faults), so books, acks and snapshots are always mutually consistent without a lock. Listeners (the
 * exchange feeds) turn steps into wire messages.
 */
public final class MarketHub implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MarketHub.class);

    /** What the exchange feeds hear from the market thread. */
    public interface Listener {
        void onStep(SymbolMarket market, Step step);

        /** Once per tick, after the steps: batching, heartbeats, pings, session limits. */
        void onTick(long nowMs);

        /** Publish whatever is batched now (before a pause, so clients can catch up with the truth). */
        default void flush(long nowMs) { }
    }

    private final ScheduledExecutorService thread;
    private final Map<Exchange, Map<String, SymbolMarket>> markets = new EnumMap<>(Exchange.class);
    private final Map<Exchange, Listener> listeners = new EnumMap<>(Exchange.class);
    private final LongSupplier clock;
    private final long tickMs;
    private volatile double rate;
    private volatile boolean paused;
    private Runnable afterTask = () -> { };
    private double owed;
    private long lastTickMs = -1;
    private volatile long steps;
    private volatile long lagTicks;
    private Thread owner;

    public MarketHub(double ratePerSymbol, long tickMs, LongSupplier clock) {
        this.rate = ratePerSymbol;
        this.tickMs = tickMs;
        this.clock = clock;
        ThreadFactory f = r -> {
            Thread t = new Thread(r, "sim-market");
            t.setDaemon(true);
            return t;
        };
        this.thread = Executors.newSingleThreadScheduledExecutor(f);
        for (Exchange e : Exchange.values()) {
            markets.put(e, new LinkedHashMap<>());
        }
        call(() -> owner = Thread.currentThread());
    }

    public void add(SymbolMarket m) {
        call(() -> markets.get(m.instrument.exchange()).put(m.instrument.symbol(), m));
    }

    public void listen(Exchange e, Listener l) {
        call(() -> listeners.put(e, l));
    }

    /** Runs after every task and tick on the market thread: the server flushes what sessions queued. */
    public void afterEachTask(Runnable r) {
        call(() -> afterTask = r);
    }

    public void start() {
        // fixed delay, not fixed rate: a tick that overran must not starve subscriptions and REST answers
        // queued behind it (steps owed are computed from elapsed time, so the rate holds either way)
        thread.scheduleWithFixedDelay(this::tick, tickMs, tickMs, TimeUnit.MILLISECONDS);
    }

    public long now() {
        return clock.getAsLong();
    }

    public boolean onMarketThread() {
        return Thread.currentThread() == owner;
    }

    /** A symbol's market, or null; market thread only. */
    public SymbolMarket market(Exchange e, String symbol) {
        return markets.get(e).get(symbol);
    }

    /** Market thread only. */
    public Collection<SymbolMarket> markets(Exchange e) {
        return markets.get(e).values();
    }

    public void execute(Runnable r) {
        thread.execute(() -> {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.error("simulator task failed", e);
            } finally {
                afterTask.run();
            }
        });
    }

    public <T> CompletableFuture<T> submit(Callable<T> c) {
        CompletableFuture<T> f = new CompletableFuture<>();
        thread.execute(() -> {
            try {
                f.complete(c.call());
            } catch (Exception | Error e) {
                f.completeExceptionally(e);
            } finally {
                afterTask.run();
            }
        });
        return f;
    }

    /** Runs on the market thread and waits (never from the market thread itself). */
    public <T> T call(Callable<T> c) {
        if (onMarketThread()) {
            try {
                return c.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        try {
            return submit(c).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("simulator market thread: " + e.getMessage(), e);
        }
    }

    public void call(Runnable r) {
        call(() -> {
            r.run();
            return null;
        });
    }

    public void pause() {
        paused = true;
        // let the feeds publish what the last steps batched (Binance's 100 ms events) before anyone compares
        call(() -> listeners.values().forEach(l -> l.flush(now())));
    }

    public void resume() {
        call(() -> {
            paused = false;
            lastTickMs = now();
        });
    }

    public boolean paused() {
        return paused;
    }

    public void rate(double perSymbolPerSecond) {
        if (!(perSymbolPerSecond >= 0) || Double.isInfinite(perSymbolPerSecond)) {
            throw new IllegalArgumentException("rate must be a finite number >= 0: " + perSymbolPerSecond);
        }
        this.rate = perSymbolPerSecond;
    }

    public double rate() {
        return rate;
    }

    public long steps() {
        return steps;
    }

    /** Ticks that owed more steps than a tenth of a second's worth: the market thread could not keep up. */
    public long lagTicks() {
        return lagTicks;
    }

    /** Steps every market {@code n} times now (tests, benchmarks), publishing like a tick would. */
    public void stepAll(int n) {
        call(() -> {
            long now = now();
            for (int i = 0; i < n; i++) {
                stepOnce(now);
            }
            listeners.values().forEach(l -> l.onTick(now));
        });
    }

    private void stepOnce(long now) {
        for (Map<String, SymbolMarket> byExchange : markets.values()) {
            if (byExchange.isEmpty()) {
                continue;
            }
            Listener l = listeners.get(byExchange.values().iterator().next().instrument.exchange());
            for (SymbolMarket m : byExchange.values()) {
                Step s = m.step(now);
                if (l != null) {
                    l.onStep(m, s);
                }
            }
        }
        steps++;
    }

    private void tick() {
        long now = now();
        try {
            if (!paused) {
                if (lastTickMs < 0) {
                    lastTickMs = now;
                }
                owed += rate * Math.max(0, now - lastTickMs) / 1000.0;
                lastTickMs = now;
                double cap = Math.max(1, rate / 10);
                if (owed > cap) {
                    lagTicks++;
                    owed = cap;
                }
                while (owed >= 1) {
                    stepOnce(now);
                    owed -= 1;
                }
            }
            for (Listener l : listeners.values()) {
                l.onTick(now);
            }
        } catch (RuntimeException e) {
            LOG.error("simulator tick failed", e);
        } finally {
            afterTask.run();
        }
    }

    /** Every exchange's symbols, in order (for listings). */
    public List<String> symbols(Exchange e) {
        return call(() -> new ArrayList<>(markets.get(e).keySet()));
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
