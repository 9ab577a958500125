package io.mm.history.fetch;

import io.mm.core.Exchange;
import io.mm.core.candle.Candle;
import io.mm.core.candle.CandleSource;
import io.mm.core.candle.Interval;
import io.mm.core.clock.RecorderClock;
import io.mm.core.config.SettingsReader;
import io.mm.rest.RestEndpoints;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The metrics' missing candles from the exchanges' REST history: this module's clients, under the REST
 * budget every fetch of this JVM shares ({@code bin/mm history}'s settings: the REST URLs, {@code INSECURE_TLS}, the
 * weight limit and spacing, retries).
 */
public final class HistoryCandleSource implements CandleSource, AutoCloseable {
    private final HistoryHttp http;
    private final RestEndpoints endpoints;
    private final RecorderClock clock;

    public HistoryCandleSource(Map<String, String> env) {
        SettingsReader k = new SettingsReader(env);
        this.endpoints = RestEndpoints.from(k);
        this.http = new HistoryHttp(HistoryHttp.Limits.from(k), endpoints.insecureTls());
        this.clock = RecorderClock.parse(k.string("MM_CLOCK", "system"), System.currentTimeMillis());
    }

    @Override
    public List<Candle> candles(Exchange exchange, String symbol, Interval interval, long startMs, long endMs) throws IOException {
        try {
            interval.requireToken(exchange);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e); // names what the exchange serves
        }
        List<Candle> out = new ArrayList<>();
        HistoryClient.of(exchange, endpoints, http, () -> Math.floorDiv(clock.nowMicros(), 1000), false)
                .candles(symbol, interval, startMs, endMs, out::add);
        return out;
    }

    /** How serving finds this source ({@code META-INF/services}): {@link CandleSource#discover}. */
    public static final class Provider implements CandleSource.Provider {
        @Override
        public CandleSource open(Map<String, String> env) {
            return new HistoryCandleSource(env);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
