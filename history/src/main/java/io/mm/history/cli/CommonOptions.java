package io.mm.history.cli;

import io.mm.core.Exchange;
import io.mm.core.clock.RecorderClock;
import io.mm.core.config.SettingsReader;
import io.mm.core.candle.Interval;
import io.mm.core.contract.SymbolGrammar;
import io.mm.core.kraken.KrakenLegacyNames;
import io.mm.history.fetch.HistoryClient;
import io.mm.history.fetch.HistoryHttp;
import io.mm.rest.RestEndpoints;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The settings every history command shares, as the original {@code mm_history} read them from the environment
 * ({@code EXCHANGE SYMBOL INTERVAL START_MS END_MS DATA_DIR}, the REST URLs) and as flags, which win.
 */
public final class CommonOptions {
    /** Help footer: the settings read from the environment only (the flags have theirs in their descriptions). */
    public static final String ENVIRONMENT = "%nAlso read from the environment: BINANCE_REST_URL, KRAKEN_REST_URL, BITFINEX_REST_URL, "
            + "INSECURE_TLS, BINANCE_WEIGHT_LIMIT, KRAKEN_REST_SPACING_MS, BITFINEX_REST_SPACING_MS, HISTORY_MAX_RETRIES, HISTORY_BACKOFF_MS, "
            + "HISTORY_MAX_PAUSE_S, MM_CLOCK (docs/history.md).";

    @Option(names = "--exchange", paramLabel = "NAME", description = "EXCHANGE: binance, kraken or bitfinex (default binance)")
    String exchange;
    @Option(names = "--symbol", paramLabel = "SYMBOL", description = "SYMBOL as the recorder takes it: BTCUSDT, BTC/USD, tBTCUSD")
    String symbol;
    @Option(names = "--interval", paramLabel = "IV", description = "INTERVAL: 1s (Binance) 1m 3m 5m 15m 30m 1h 2h 3h 4h 6h 8h 12h 1d (default 1m)")
    String interval;
    @Option(names = "--start-ms", paramLabel = "TIME", description = "START_MS: epoch milliseconds or an ISO time (2024-03-02T00:00:00Z); inclusive")
    String startMs;
    @Option(names = "--end-ms", paramLabel = "TIME", description = "END_MS: epoch milliseconds or an ISO time; exclusive")
    String endMs;
    @Option(names = "--data-dir", paramLabel = "DIR", description = "DATA_DIR: the recordings' root (default data)")
    String dataDir;

    /** Parsed settings; every bad value is reported naming its variable and flag. */
    record Resolved(SettingsReader settings, Exchange exchange, String symbol, Interval interval, Long startMs, Long endMs, Path dataDir,
                    RestEndpoints endpoints, HistoryHttp.Limits limits, RecorderClock clock) {

        HistoryClient client(HistoryHttp http, boolean binanceHistorical) {
            return HistoryClient.of(exchange, endpoints, http, this::nowMs, binanceHistorical);
        }

        /** Now by {@code MM_CLOCK}: which candles are still open is judged on the clock the recording was made by. */
        long nowMs() {
            return Math.floorDiv(clock.nowMicros(), 1000);
        }
    }

    Resolved resolve(Map<String, String> env) {
        SettingsReader k = new SettingsReader(env).flag("EXCHANGE", "--exchange", exchange).flag("SYMBOL", "--symbol", symbol)
                .flag("INTERVAL", "--interval", interval).flag("START_MS", "--start-ms", startMs).flag("END_MS", "--end-ms", endMs)
                .flag("DATA_DIR", "--data-dir", dataDir);
        Exchange e;
        try {
            e = Exchange.parse(k.string("EXCHANGE", "binance"));
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(k.describe("EXCHANGE") + ": " + ex.getMessage());
        }
        String sym = k.string("SYMBOL", null);
        if (sym == null) {
            throw new IllegalArgumentException(k.describe("SYMBOL") + " is required (BTCUSDT, BTC/USD, tBTCUSD)");
        }
        try {
            sym = SymbolGrammar.normalize(e, sym);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(k.describe("SYMBOL") + " " + ex.getMessage());
        }
        String v2 = e == Exchange.KRAKEN ? KrakenLegacyNames.toV2(sym) : sym;
        if (!v2.equals(sym)) {
            // the files go beside the recordings, whose directories carry the WS v2 names
            throw new IllegalArgumentException(k.describe("SYMBOL") + " '" + sym + "' uses Kraken's legacy asset names: the recorder and its files call it "
                    + v2);
        }
        Interval iv;
        try {
            iv = Interval.parse(k.string("INTERVAL", "1m"));
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(k.describe("INTERVAL") + ": " + ex.getMessage());
        }
        Long start = time(k, "START_MS");
        Long end = time(k, "END_MS");
        if (start != null && end != null && end <= start) {
            throw new IllegalArgumentException(k.describe("END_MS") + " " + end + " is not after " + k.describe("START_MS") + " " + start);
        }
        RestEndpoints endpoints = RestEndpoints.from(k);
        HistoryHttp.Limits limits = HistoryHttp.Limits.from(k);
        RecorderClock clock;
        try {
            clock = RecorderClock.parse(k.string("MM_CLOCK", "system"), System.currentTimeMillis());
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(k.describe("MM_CLOCK") + ": " + ex.getMessage());
        }
        return new Resolved(k, e, sym, iv, start, end, Paths.get(k.string("DATA_DIR", "data")), endpoints, limits, clock);
    }

    /** Epoch milliseconds, or an ISO-8601 instant or offset time. */
    static Long time(SettingsReader k, String name) {
        String v = k.string(name, null);
        if (v == null) {
            return null;
        }
        if (v.chars().allMatch(Character::isDigit)) {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(k.describe(name) + " '" + v + "' is too large");
            }
        }
        try {
            return Instant.parse(v).toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(v).toInstant().toEpochMilli();
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException(k.describe(name) + " '" + v + "' is neither epoch milliseconds nor an ISO time such as "
                        + "2024-03-02T00:00:00Z");
            }
        }
    }
}
