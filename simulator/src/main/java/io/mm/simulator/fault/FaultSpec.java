package io.mm.simulator.fault;

import com.fasterxml.jackson.databind.JsonNode;
import io.mm.core.Exchange;
import java.time.Duration;

/**
 * A fault to inject: its kind, where (an exchange, optionally one symbol), how many times, for how long, and
 * parameters (Retry-After seconds, HTTP status, Bitfinex info code, delay). Expressible as factories, as
 * control-endpoint JSON ({@code {"kind":"drop","exchange":"binance","symbol":"BTCUSDT","count":3}}) and as a
 * {@code --fault} flag ({@code drop:binance:BTCUSDT:count=3}).
 *
 * @param symbol   null: every symbol of the exchange
 * @param count    how many events (updates, requests) it affects
 * @param duration how long it lasts (stall, refuse, session limit, slow answers)
 * @param param    Retry-After seconds (429/418), HTTP status (5xx), Bitfinex info code
 */
public record FaultSpec(FaultKind kind, Exchange exchange, String symbol, int count, Duration duration, long param) {

    public FaultSpec {
        if ((kind == FaultKind.TRADE_DUPLICATE || kind == FaultKind.TRADE_REORDER) && exchange != Exchange.BITFINEX) {
            throw new IllegalArgumentException("fault " + kind.id() + " is for Bitfinex only (its trades carry sequence numbers)");
        }
    }

    public static FaultSpec drop(Exchange e, String symbol, int count) {
        return new FaultSpec(FaultKind.DROP, e, symbol, count, Duration.ZERO, 0);
    }

    public static FaultSpec duplicate(Exchange e, String symbol, int count) {
        return new FaultSpec(FaultKind.DUPLICATE, e, symbol, count, Duration.ZERO, 0);
    }

    public static FaultSpec reorder(Exchange e, String symbol, int count) {
        return new FaultSpec(FaultKind.REORDER, e, symbol, count, Duration.ZERO, 0);
    }

    public static FaultSpec corruptChecksum(Exchange e, String symbol, int count) {
        return new FaultSpec(FaultKind.CORRUPT_CHECKSUM, e, symbol, count, Duration.ZERO, 0);
    }

    public static FaultSpec malformed(Exchange e) {
        return new FaultSpec(FaultKind.MALFORMED, e, null, 1, Duration.ZERO, 0);
    }

    public static FaultSpec closeSockets(Exchange e) {
        return new FaultSpec(FaultKind.CLOSE, e, null, 1, Duration.ZERO, 0);
    }

    public static FaultSpec stall(Exchange e, Duration d) {
        return new FaultSpec(FaultKind.STALL, e, null, 1, d, 0);
    }

    public static FaultSpec refuseConnections(Exchange e, Duration d) {
        return new FaultSpec(FaultKind.REFUSE, e, null, 1, d, 0);
    }

    /** Close sessions older than {@code maxAge} (for the next hour). */
    public static FaultSpec sessionLimit(Exchange e, Duration maxAge) {
        return new FaultSpec(FaultKind.SESSION_LIMIT, e, null, 1, maxAge, 0);
    }

    public static FaultSpec rest429(Exchange e, int count, int retryAfterSeconds) {
        return new FaultSpec(FaultKind.REST_429, e, null, count, Duration.ZERO, retryAfterSeconds);
    }

    public static FaultSpec rest418(Exchange e, int count, int retryAfterSeconds) {
        return new FaultSpec(FaultKind.REST_418, e, null, count, Duration.ZERO, retryAfterSeconds);
    }

    public static FaultSpec rest5xx(Exchange e, int count, int status) {
        return new FaultSpec(FaultKind.REST_5XX, e, null, count, Duration.ZERO, status);
    }

    public static FaultSpec restSlow(Exchange e, Duration delay, int count) {
        return new FaultSpec(FaultKind.REST_SLOW, e, null, count, delay, 0);
    }

    public static FaultSpec restTimeout(Exchange e, int count) {
        return new FaultSpec(FaultKind.REST_TIMEOUT, e, null, count, Duration.ZERO, 0);
    }

    public static FaultSpec tradeDrop(Exchange e, String symbol, int count) {
        return new FaultSpec(FaultKind.TRADE_DROP, e, symbol, count, Duration.ZERO, 0);
    }

    public static FaultSpec tradeDuplicate(Exchange e, String symbol, int count) {
        return new FaultSpec(FaultKind.TRADE_DUPLICATE, e, symbol, count, Duration.ZERO, 0);
    }

    public static FaultSpec tradeReorder(Exchange e, String symbol, int count) {
        return new FaultSpec(FaultKind.TRADE_REORDER, e, symbol, count, Duration.ZERO, 0);
    }

    public static FaultSpec info(Exchange e, int code) {
        return new FaultSpec(FaultKind.INFO, e, null, 1, Duration.ZERO, code);
    }

    /** From control-endpoint JSON; errors name the field. */
    public static FaultSpec fromJson(JsonNode n) {
        if (!n.hasNonNull("kind")) {
            throw new IllegalArgumentException("fault: field 'kind' is required");
        }
        if (!n.hasNonNull("exchange")) {
            throw new IllegalArgumentException("fault: field 'exchange' is required");
        }
        FaultKind kind = FaultKind.parse(n.get("kind").asText());
        Exchange ex;
        try {
            ex = Exchange.parse(n.get("exchange").asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("fault: field 'exchange': " + e.getMessage());
        }
        return new FaultSpec(kind, ex, n.hasNonNull("symbol") ? n.get("symbol").asText() : null, intField(n, "count", 1),
                Duration.ofMillis(longField(n, "duration_ms", kind == FaultKind.SESSION_LIMIT ? 5_000 : 2_000)),
                longField(n, "param", defaultParam(kind)));
    }

    private static int intField(JsonNode n, String f, int def) {
        long v = longField(n, f, def);
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("fault: field '" + f + "' is out of range: " + v);
        }
        return (int) v;
    }

    private static long longField(JsonNode n, String f, long def) {
        if (!n.has(f)) {
            return def;
        }
        if (!n.get(f).canConvertToLong()) {
            throw new IllegalArgumentException("fault: field '" + f + "' is not an integer: " + n.get(f));
        }
        return n.get(f).asLong();
    }

    static long defaultParam(FaultKind k) {
        return switch (k) {
            case REST_429 -> 1;
            case REST_418 -> 120;
            case REST_5XX -> 503;
            case INFO -> 20051;
            default -> 0;
        };
    }

    /**
     * From a flag, {@code kind:exchange[:symbol][:key=value...]} with keys {@code count}, {@code duration_ms},
     * {@code param}; e.g. {@code drop:binance:BTCUSDT:count=2}, {@code stall:kraken:duration_ms=5000},
     * {@code rest-429:binance:count=1:param=2}.
     */
    public static FaultSpec parse(String flag) {
        String[] p = flag.split(":");
        if (p.length < 2) {
            throw new IllegalArgumentException("--fault '" + flag + "': expected kind:exchange[:symbol][:key=value...]");
        }
        FaultKind kind = FaultKind.parse(p[0]);
        Exchange ex = Exchange.parse(p[1]);
        String symbol = null;
        int count = 1;
        long durationMs = kind == FaultKind.SESSION_LIMIT ? 5_000 : 2_000;
        long param = defaultParam(kind);
        for (int i = 2; i < p.length; i++) {
            String s = p[i];
            int eq = s.indexOf('=');
            if (eq < 0) {
                symbol = symbol == null ? s : symbol + ":" + s; // Bitfinex symbols may hold ':'
                continue;
            }
            String k = s.substring(0, eq);
            String v = s.substring(eq + 1);
            try {
                switch (k) {
                    case "count" -> count = Integer.parseInt(v);
                    case "duration_ms" -> durationMs = Long.parseLong(v);
                    case "param" -> param = Long.parseLong(v);
                    default -> throw new IllegalArgumentException("--fault '" + flag + "': unknown key '" + k + "' (count, duration_ms, param)");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--fault '" + flag + "': '" + k + "' is not an integer: " + v);
            }
        }
        return new FaultSpec(kind, ex, symbol, count, Duration.ofMillis(durationMs), param);
    }
}
