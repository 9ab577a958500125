package io.mm.api.metrics;

import io.mm.core.Exchange;
import io.mm.core.candle.Interval;
import io.mm.core.candle.SourceUnavailableException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;

/**
 * The metrics' fetches of missing candles, on a thread per exchange so that no answer waits behind a slow or
 * unreachable exchange, nor one exchange's long fetch (Kraken's older candles are rebuilt from its trades) behind
 * another's. A job fetches only what is still missing when it runs: another client's job may have stored
 * it meanwhile. A failure pauses further fetches, of the whole exchange when it could not be asked at all
 * ({@link SourceUnavailableException}), else of that symbol and interval: a minute, doubling with each failure in a row
 * up to half an hour, so that an exchange out of reach is not asked again (and again logged) for every client.
 */
final class CandleFetches implements AutoCloseable {
    static final long FIRST_PAUSE_MS = 60_000;
    static final long MAX_PAUSE_MS = 30 * 60_000;

    /** A fetch not tried: an earlier failure's pause has not ended. */
    static final class Paused extends IOException {
        Paused(String message) {
            super(message);
        }
    }

    private record Pause(long untilMs, long lengthMs, String why) {}

    private final CandleStore store;
    private final LongSupplier clock;
    private final Map<Exchange, ExecutorService> threads = new EnumMap<>(Exchange.class);
    private final Map<String, Pause> pauses = new ConcurrentHashMap<>();

    CandleFetches(CandleStore store, LongSupplier wallMillis) {
        this.store = store;
        this.clock = wallMillis;
        for (Exchange e : Exchange.values()) {
            threads.put(e, Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "metrics-fetch-" + e.id());
                t.setDaemon(true);
                return t;
            }));
        }
    }

    /** Fetches what of {@code spans} one symbol still misses when the job runs; completes with the number of candles stored. */
    CompletableFuture<Integer> fetch(Exchange e, String symbolFs, String symbol, Interval iv, List<long[]> spans) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return run(e, symbolFs, symbol, iv, spans);
            } catch (IOException x) {
                throw new CompletionException(x);
            }
        }, threads.get(e));
    }

    int run(Exchange e, String symbolFs, String symbol, Interval iv, List<long[]> spans) throws IOException {
        long now = clock.getAsLong();
        String exchangeKey = e.id();
        String symbolKey = e.id() + ":" + symbol + ":" + iv.name();
        for (String k : List.of(exchangeKey, symbolKey)) {
            Pause p = pauses.get(k);
            if (p != null && now < p.untilMs()) {
                throw new Paused("not asked: " + p.why() + "; asked again after " + Instant.ofEpochMilli(p.untilMs()));
            }
        }
        try {
            List<long[]> still = stillMissing(e, symbolFs, iv, spans);
            int n = still.isEmpty() ? 0 : store.fetchMissing(e, symbolFs, symbol, iv, still, now);
            pauses.remove(symbolKey);
            pauses.remove(exchangeKey);
            return n;
        } catch (IOException | RuntimeException x) {
            boolean wholeExchange = x instanceof SourceUnavailableException;
            String k = wholeExchange ? exchangeKey : symbolKey;
            Pause before = pauses.get(k);
            long length = before == null ? FIRST_PAUSE_MS : Math.min(MAX_PAUSE_MS, before.lengthMs() * 2);
            long at = clock.getAsLong(); // the retries behind a failure can take a while
            pauses.put(k, new Pause(at + length, length, (wholeExchange ? e.id() : e.id() + ":" + symbol + " " + iv.name()) + " failed at "
                    + Instant.ofEpochMilli(at) + " (" + x.getMessage() + ")"));
            throw x;
        }
    }

    /** {@code spans} less what the files on disk cover now. */
    private List<long[]> stillMissing(Exchange e, String symbolFs, Interval iv, List<long[]> spans) throws IOException {
        if (spans.isEmpty()) {
            return spans;
        }
        long from = Long.MAX_VALUE;
        long to = Long.MIN_VALUE;
        for (long[] s : spans) {
            from = Math.min(from, s[0]);
            to = Math.max(to, s[1]);
        }
        List<long[]> out = new ArrayList<>();
        for (long[] m : store.load(e, symbolFs, iv, from, to).missing()) {
            for (long[] s : spans) {
                long a = Math.max(m[0], s[0]);
                long b = Math.min(m[1], s[1]);
                if (a < b) {
                    out.add(new long[] {a, b});
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        threads.values().forEach(ExecutorService::shutdownNow);
    }
}
