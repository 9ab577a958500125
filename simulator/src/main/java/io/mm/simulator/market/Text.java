package io.mm.simulator.market;

/** How the simulated exchanges write numbers. */
public final class Text {
    private Text() {}

    private static final java.time.format.DateTimeFormatter RFC3339_MICROS =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(java.time.ZoneOffset.UTC);

    /** The last millisecond formatted, per thread. */
    private static final class Stamp {
        long ms = Long.MIN_VALUE;
        String text = "";
    }

    private static final ThreadLocal<Stamp> LAST_STAMP = ThreadLocal.withInitial(Stamp::new);

    /** Kraken's timestamps: RFC 3339, UTC, microseconds ({@code 2023-10-06T17:35:55.440295Z}). */
    public static String rfc3339Micros(long epochMs) {
        // a tick stamps thousands of messages with the same millisecond: format it once
        Stamp last = LAST_STAMP.get();
        if (last.ms != epochMs) {
            last.ms = epochMs;
            last.text = RFC3339_MICROS.format(java.time.Instant.ofEpochMilli(epochMs));
        }
        return last.text;
    }

    /** Fixed decimals, trailing zeros kept: Binance's strings ("60000.01000000"), Kraken's precision. */
    public static String fixed(long units, int decimals) {
        StringBuilder sb = new StringBuilder(24);
        fixed(units, decimals, sb);
        return sb.toString();
    }

    public static void fixed(long units, int decimals, StringBuilder sb) {
        if (units < 0) {
            sb.append('-');
            units = -units;
        }
        if (decimals == 0) {
            sb.append(units);
            return;
        }
        String d = Long.toString(units);
        if (d.length() <= decimals) {
            sb.append("0.");
            for (int i = d.length(); i < decimals; i++) {
                sb.append('0');
            }
            sb.append(d);
        } else {
            sb.append(d, 0, d.length() - decimals).append('.').append(d, d.length() - decimals, d.length());
        }
    }

    /**
     * JavaScript's {@code Number#toString} of the decimal value, as Bitfinex's server writes numbers: the
     * shortest text, no trailing zeros, exponent form below 1e-6 ({@code 7e-7}, {@code 1.7e-7}).
     */
    public static String js(long units, int decimals) {
        StringBuilder sb = new StringBuilder(24);
        js(units, decimals, sb);
        return sb.toString();
    }

    public static void js(long units, int decimals, StringBuilder sb) {
        if (units == 0) {
            sb.append('0');
            return;
        }
        if (units < 0) {
            sb.append('-');
            units = -units;
        }
        int scale = decimals;
        while (scale > 0 && units % 10 == 0) {
            units /= 10;
            scale--;
        }
        String digits = Long.toString(units);
        int exponent = digits.length() - 1 - scale; // scientific exponent of the first digit
        if (exponent < -6) {
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            sb.append("e-").append(-exponent);
            return;
        }
        if (scale == 0) {
            sb.append(digits);
        } else if (digits.length() > scale) {
            sb.append(digits, 0, digits.length() - scale).append('.').append(digits, digits.length() - scale, digits.length());
        } else {
            sb.append("0.");
            for (int i = digits.length(); i < scale; i++) {
                sb.append('0');
            }
            sb.append(digits);
        }
    }
}
