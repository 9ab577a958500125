package io.mm.history.combine;

import io.mm.core.Exchange;
import io.mm.core.candle.Candle;
import io.mm.core.candle.CandleBuilder;
import io.mm.core.candle.Interval;
import io.mm.core.recorded.Coverage;
import io.mm.core.recorded.TrustRule;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges local and exchange candles over a range, one row per interval, oldest first. Local is preferred where
 * {@link TrustRule} trusts it: the recorder listened to the whole interval ({@link Coverage}); there, an interval
 * without local trades is the exchange's kind of empty candle (Binance, Kraken: the previous close, no volume;
 * Bitfinex: no row).
 * Where both exist they are compared field by field: prices and volume within a relative tolerance, trade counts
 * exactly where both sides count; each difference is logged as an error naming symbol, interval and field, and
 * kept for the mismatch report. Everywhere else the exchange's candle fills in, marked by its {@code source}.
 */
public final class CandleMerger {
    private static final Logger LOG = LoggerFactory.getLogger(CandleMerger.class);
    private static final int LOGGED = 50;

    public record Mismatch(long openMs, String field, String local, String exchange) {
        public static final List<String> COLUMNS = List.of("symbol", "interval", "open_time_ms", "open_time", "field", "local", "exchange");
    }

    /** An interval the exchange has a candle for and the local data cannot give: {@code partial} or {@code not_recorded}. */
    public record Missing(long openMs, String reason, Candle exchange) {}

    public record Result(List<Candle> combined, List<Mismatch> mismatches, List<Missing> missing, int local, int fromExchange,
                         int localOnly, int untrusted) {}

    private CandleMerger() {}

    public static Result merge(Exchange exchange, String symbol, Interval interval, long startMs, long endMs, List<Candle> local,
                               List<Candle> fromExchange, Coverage coverage, double tolerance) {
        long iv = interval.millis();
        Map<Long, Candle> loc = index(local);
        Map<Long, Candle> ex = index(fromExchange);
        List<Candle> out = new ArrayList<>();
        List<Mismatch> mismatches = new ArrayList<>();
        List<Missing> missing = new ArrayList<>();
        int nLocal = 0;
        int nExchange = 0;
        int localOnly = 0;
        int untrusted = 0;
        int loggedCandles = 0;
        String prevClose = null;
        long first = interval.floor(startMs) < startMs ? interval.floor(startMs) + iv : startMs;
        for (long o = first; o + iv <= endMs; o += iv) {
            boolean complete = coverage.covers(o, o + iv);
            Candle l = loc.get(o);
            Candle x = ex.get(o);
            TrustRule.Verdict trust = TrustRule.of(exchange, complete, l != null, prevClose != null);
            if (trust == TrustRule.Verdict.EMPTY) {
                l = CandleBuilder.empty(o, interval, prevClose, Candle.Source.LOCAL);
            }
            if (trust == TrustRule.Verdict.TRADES || trust == TrustRule.Verdict.EMPTY) {
                out.add(l);
                nLocal++;
                prevClose = l.close();
                if (x == null) {
                    localOnly++;
                    continue;
                }
                List<Mismatch> diff = compare(l, x, tolerance);
                if (!diff.isEmpty()) {
                    mismatches.addAll(diff);
                    if (loggedCandles++ < LOGGED) {
                        LOG.error("{} {} {} candle at {} differs from the exchange: {}", exchange.id(), symbol, interval.name(),
                                Instant.ofEpochMilli(o), describe(diff));
                    }
                }
            } else if (complete && x != null) {
                // the recorder listened and saw no trade, or (Bitfinex) has no empty candles: only a traded
                // interval on the exchange is a disagreement
                out.add(x);
                nExchange++;
                prevClose = x.close();
                if (new BigDecimal(x.volume()).signum() != 0) {
                    Mismatch m = new Mismatch(o, "trades", "none", x.trades() < 0 ? "volume " + x.volume() : Long.toString(x.trades()));
                    mismatches.add(m);
                    if (loggedCandles++ < LOGGED) {
                        LOG.error("{} {} {} candle at {}: the recorder listened and recorded no trade, the exchange has {}", exchange.id(),
                                symbol, interval.name(), Instant.ofEpochMilli(o), m.exchange());
                    }
                }
            } else if (x != null) {
                out.add(x);
                nExchange++;
                missing.add(new Missing(o, l != null ? "partial" : "not_recorded", x));
                prevClose = x.close();
            } else {
                if (l != null) {
                    untrusted++;
                }
                prevClose = l != null ? l.close() : null;
            }
        }
        if (loggedCandles > LOGGED) {
            LOG.error("{} {} {}: {} candles differ in all; the first {} are logged, every one is in the mismatch report", exchange.id(), symbol,
                    interval.name(), loggedCandles, LOGGED);
        }
        return new Result(out, mismatches, missing, nLocal, nExchange, localOnly, untrusted);
    }

    private static Map<Long, Candle> index(List<Candle> candles) {
        Map<Long, Candle> m = new HashMap<>(candles.size() * 2);
        for (Candle c : candles) {
            m.put(c.openMs(), c);
        }
        return m;
    }

    static List<Mismatch> compare(Candle l, Candle x, double tolerance) {
        List<Mismatch> out = new ArrayList<>(0);
        field(out, l.openMs(), "open", l.open(), x.open(), tolerance);
        field(out, l.openMs(), "high", l.high(), x.high(), tolerance);
        field(out, l.openMs(), "low", l.low(), x.low(), tolerance);
        field(out, l.openMs(), "close", l.close(), x.close(), tolerance);
        field(out, l.openMs(), "volume", l.volume(), x.volume(), tolerance);
        if (l.trades() >= 0 && x.trades() >= 0 && l.trades() != x.trades()) {
            out.add(new Mismatch(l.openMs(), "trades", Long.toString(l.trades()), Long.toString(x.trades())));
        }
        return out;
    }

    private static void field(List<Mismatch> out, long open, String name, String local, String exchange, double tolerance) {
        BigDecimal a = new BigDecimal(local);
        BigDecimal b = new BigDecimal(exchange);
        BigDecimal diff = a.subtract(b).abs();
        BigDecimal allowed = a.abs().max(b.abs()).multiply(new BigDecimal(tolerance), MathContext.DECIMAL64);
        if (diff.compareTo(allowed) > 0) {
            out.add(new Mismatch(open, name, local, exchange));
        }
    }

    private static String describe(List<Mismatch> diff) {
        StringBuilder sb = new StringBuilder();
        for (Mismatch m : diff) {
            sb.append(sb.length() == 0 ? "" : ", ").append(m.field()).append(" local=").append(m.local()).append(" exchange=").append(m.exchange());
        }
        return sb.toString();
    }
}
