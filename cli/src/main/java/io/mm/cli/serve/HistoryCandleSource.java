package io.mm.cli.serve;

import io.mm.api.metrics.CandleSource;
import io.mm.core.Exchange;
import io.mm.core.candle.Candle;
import io.mm.core.candle.Interval;
import io.mm.core.clock.RecorderClock;
import io.mm.core.config.SettingsReader;
import io.mm.history.fetch.HistoryClient;
import io.mm.history.fetch.HistoryHttp;
import io.mm.rest.RestEndpoints;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The metrics' missing candles from the exchanges' REST history: the history module's clients, under the REST
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

    /** A source made on first use, so commands that fetch nothing never build an HTTP client. */
    public static CandleSource lazy(Map<String, String> env) {
        return new CandleSource() {
            private HistoryCandleSource source;

            @Override
            public synchronized List<Candle> candles(Exchange e, String symbol, Interval iv, long startMs, long endMs) throws IOException {
                if (source == null) {
                    source = new HistoryCandleSource(env);
                }
                return source.candles(e, symbol, iv, startMs, endMs);
            }
        };
    }

    @Override
    public void close() {
        http.close();
    }
}
