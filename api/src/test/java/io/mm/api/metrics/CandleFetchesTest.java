package io.mm.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mm.core.Exchange;
import io.mm.core.candle.Candle;
import io.mm.core.candle.CandleSource;
import io.mm.core.candle.Interval;
import io.mm.core.candle.SourceUnavailableException;
import java.io.IOException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CandleFetchesTest {
    private static final long MIN = 60_000;
    private static final Interval M1 = Interval.parse("1m");
    private static final long T0 = 1_796_000_000_000L / MIN * MIN;
    private static final List<long[]> HOUR = List.of(new long[] {T0, T0 + 60 * MIN});

    private final AtomicLong now = new AtomicLong(T0 + 2 * 60 * MIN);
    private final List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();

    private static List<Candle> flat(long from, long to) {
        List<Candle> out = new ArrayList<>();
        for (long t = from; t < to; t += MIN) {
            out.add(new Candle(t, t + MIN - 1, "100", "100", "100", "100", "1", 1, Candle.Source.EXCHANGE));
        }
        return out;
    }

    private CandleFetches fetches(Path data, CandleSource source) {
        return new CandleFetches(new CandleStore(data, (e, sym, iv, from, to) -> {
            asked.add(e.id() + ":" + sym);
            return source.candles(e, sym, iv, from, to);
        }), now::get);
    }

    @Test
    void whatAnotherJobStoredMeanwhileIsNotAskedForAgain(@TempDir Path data) throws Exception {
        try (CandleFetches f = fetches(data, (e, sym, iv, from, to) -> flat(from, to))) {
            assertThat(f.run(Exchange.BINANCE, "AAAUSDT", "AAAUSDT", M1, HOUR)).isEqualTo(60);
            assertThat(f.run(Exchange.BINANCE, "AAAUSDT", "AAAUSDT", M1, HOUR)).isZero();
            assertThat(f.fetch(Exchange.BINANCE, "AAAUSDT", "AAAUSDT", M1, List.of(new long[] {T0 - 30 * MIN, T0 + 30 * MIN})).get())
                    .as("only the half hour before the stored hour").isEqualTo(30);
            assertThat(asked).containsExactly("binance:AAAUSDT", "binance:AAAUSDT");
        }
    }

    @Test
    void anExchangeOutOfReachIsNotAskedForAnySymbolUntilItsPauseEndsAndThePauseDoubles(@TempDir Path data) throws Exception {
        CandleSource binanceDown = (e, sym, iv, from, to) -> {
            if (e == Exchange.BINANCE) {
                throw new SourceUnavailableException("binance: giving up on https://api.binance.com/... after 7 attempts",
                        new UnknownHostException("api.binance.com"));
            }
            return flat(from, to);
        };
        try (CandleFetches f = fetches(data, binanceDown)) {
            assertThatThrownBy(() -> f.run(Exchange.BINANCE, "AAAUSDT", "AAAUSDT", M1, HOUR)).isInstanceOf(SourceUnavailableException.class);
            assertThatThrownBy(() -> f.run(Exchange.BINANCE, "BBBUSDT", "BBBUSDT", M1, HOUR)).isInstanceOf(CandleFetches.Paused.class)
                    .hasMessageContaining("not asked: binance failed at ").hasMessageContaining("giving up on https://api.binance.com/")
                    .hasMessageContaining("asked again after ");
            assertThat(f.run(Exchange.KRAKEN, "BTCUSD", "BTC/USD", M1, HOUR)).as("another exchange is asked").isEqualTo(60);
            assertThat(asked).containsExactly("binance:AAAUSDT", "kraken:BTC/USD");

            now.addAndGet(CandleFetches.FIRST_PAUSE_MS);
            assertThatThrownBy(() -> f.run(Exchange.BINANCE, "BBBUSDT", "BBBUSDT", M1, HOUR)).isInstanceOf(SourceUnavailableException.class);
            now.addAndGet(2 * CandleFetches.FIRST_PAUSE_MS - 1);
            assertThatThrownBy(() -> f.run(Exchange.BINANCE, "AAAUSDT", "AAAUSDT", M1, HOUR)).isInstanceOf(CandleFetches.Paused.class);
            assertThat(asked).hasSize(3);
            now.incrementAndGet();
            assertThatThrownBy(() -> f.run(Exchange.BINANCE, "AAAUSDT", "AAAUSDT", M1, HOUR)).isInstanceOf(SourceUnavailableException.class);
            assertThat(asked).hasSize(4);
        }
    }

    @Test
    void aRefusedSymbolPausesItselfOnlyAndASuccessEndsThePause(@TempDir Path data) throws Exception {
        AtomicLong refusals = new AtomicLong(2);
        CandleSource refusesOnce = (e, sym, iv, from, to) -> {
            if (sym.equals("OLDUSDT") && refusals.getAndDecrement() > 0) {
                throw new IOException("binance refused .../klines?symbol=OLDUSDT: HTTP 400 {\"code\":-1121,\"msg\":\"Invalid symbol.\"}");
            }
            return flat(from, to);
        };
        try (CandleFetches f = fetches(data, refusesOnce)) {
            assertThatThrownBy(() -> f.run(Exchange.BINANCE, "OLDUSDT", "OLDUSDT", M1, HOUR)).hasMessageContaining("Invalid symbol");
            assertThat(f.run(Exchange.BINANCE, "AAAUSDT", "AAAUSDT", M1, HOUR)).isEqualTo(60);
            assertThatThrownBy(() -> f.run(Exchange.BINANCE, "OLDUSDT", "OLDUSDT", M1, HOUR)).isInstanceOf(CandleFetches.Paused.class)
                    .hasMessageContaining("binance:OLDUSDT 1m failed at");
            assertThatThrownBy(() -> f.run(Exchange.BINANCE, "OLDUSDT", "OLDUSDT", Interval.parse("5m"), HOUR)).as("another interval is asked")
                    .isNotInstanceOf(CandleFetches.Paused.class).hasMessageContaining("Invalid symbol");
            now.addAndGet(CandleFetches.FIRST_PAUSE_MS);
            assertThat(f.run(Exchange.BINANCE, "OLDUSDT", "OLDUSDT", M1, HOUR)).isEqualTo(60);
        }
    }

    @Test
    void oneExchangesLongFetchDoesNotHoldAnothers(@TempDir Path data) throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        CandleSource krakenSlow = (e, sym, iv, from, to) -> {
            if (e == Exchange.KRAKEN) {
                try {
                    release.await(60, java.util.concurrent.TimeUnit.SECONDS); // its older candles rebuilt from trades, page by page
                } catch (InterruptedException x) {
                    Thread.currentThread().interrupt();
                }
            }
            return flat(from, to);
        };
        try (CandleFetches f = fetches(data, krakenSlow)) {
            var kraken = f.fetch(Exchange.KRAKEN, "BTCUSD", "BTC/USD", M1, HOUR);
            assertThat(f.fetch(Exchange.BINANCE, "AAAUSDT", "AAAUSDT", M1, HOUR).get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(60);
            assertThat(kraken).isNotDone();
            release.countDown();
            assertThat(kraken.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(60);
        }
    }
}
