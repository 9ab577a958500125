package io.mm.core.candle;

import io.mm.core.Exchange;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A candle interval, spelled as Binance spells it ({@code 1s}, {@code 1m}, {@code 5m}, {@code 1h}, {@code 1d}),
 * aligned to the epoch in UTC as all three exchanges align intervals up to a day. Weeks and months are left
 * out: the exchanges do not agree on where a week starts. Local candles can be built at
 * any of these; each exchange serves only some, under its own name ({@link #token(Exchange)}).
 */
public record Interval(String name, long millis) implements java.io.Serializable {
    private static final Map<String, Long> KNOWN = new LinkedHashMap<>();

    static {
        KNOWN.put("1s", 1_000L);
        KNOWN.put("1m", 60_000L);
        KNOWN.put("3m", 180_000L);
        KNOWN.put("5m", 300_000L);
        KNOWN.put("15m", 900_000L);
        KNOWN.put("30m", 1_800_000L);
        KNOWN.put("1h", 3_600_000L);
        KNOWN.put("2h", 7_200_000L);
        KNOWN.put("3h", 10_800_000L);
        KNOWN.put("4h", 14_400_000L);
        KNOWN.put("6h", 21_600_000L);
        KNOWN.put("8h", 28_800_000L);
        KNOWN.put("12h", 43_200_000L);
        KNOWN.put("1d", 86_400_000L);
    }

    /** @throws IllegalArgumentException naming the accepted intervals */
    public static Interval parse(String s) {
        String k = s == null ? "" : s.trim();
        // Bitfinex writes days in capitals (1D); accept its spelling too
        if (k.endsWith("D")) {
            k = k.toLowerCase(Locale.ROOT);
        }
        Long ms = KNOWN.get(k);
        if (ms == null) {
            throw new IllegalArgumentException("interval '" + s + "' is not one of " + String.join(", ", KNOWN.keySet()));
        }
        return new Interval(k, ms);
    }

    /**
     * The exchange's own name for this interval in its candle API, or null when it serves no such candles:
     * Binance its own spelling; Kraken minutes ({@code 1,5,15,30,60,240,1440}); Bitfinex
     * {@code 1m,5m,15m,30m,1h,3h,6h,12h,1D}.
     */
    public String token(Exchange e) {
        return switch (e) {
            case BINANCE -> name;
            case KRAKEN -> switch (name) {
                case "1m", "5m", "15m", "30m", "1h", "4h", "1d" -> Long.toString(millis / 60_000);
                default -> null;
            };
            case BITFINEX -> switch (name) {
                case "1m", "5m", "15m", "30m", "1h", "3h", "6h", "12h" -> name;
                case "1d" -> "1D";
                default -> null;
            };
        };
    }

    /** {@link #token} or an error naming what the exchange serves. */
    public String requireToken(Exchange e) {
        String t = token(e);
        if (t == null) {
            StringBuilder served = new StringBuilder();
            KNOWN.forEach((name, ms) -> {
                if (new Interval(name, ms).token(e) != null) {
                    served.append(served.length() == 0 ? "" : " ").append(name);
                }
            });
            throw new IllegalArgumentException(e.id() + " serves no " + name + " candles (" + served + ")");
        }
        return t;
    }

    /** The start of the interval holding {@code ms}. */
    public long floor(long ms) {
        return Math.floorDiv(ms, millis) * millis;
    }

    @Override
    public String toString() {
        return name;
    }
}
