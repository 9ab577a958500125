package io.mm.simulator.market;

import io.mm.core.Exchange;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A simulated pair: its exchange symbol, assets, the decimals prices and quantities are written with, the
 * tick (in price units) and a starting price.
 *
 * @param priceDecimals decimals of prices (Kraken's price_precision, Binance's 8)
 * @param qtyDecimals   decimals of quantities
 * @param tick          the price increment, in units of 10^-priceDecimals
 * @param startPrice    the first mid price, in units of 10^-priceDecimals
 */
public record Instrument(Exchange exchange, String symbol, String base, String quote, int priceDecimals, int qtyDecimals, long tick,
                         long startPrice) {

    /** The default majors of each exchange (real Kraken precisions). */
    public static List<Instrument> defaults() {
        List<Instrument> l = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                Instrument.class.getResourceAsStream("/simulator-instruments.csv"), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] p = line.split(",");
                int pd = Integer.parseInt(p[4]);
                long start = new BigDecimal(p[7]).movePointRight(pd).longValueExact();
                l.add(new Instrument(Exchange.parse(p[0]), p[1], p[2], p[3], pd, Integer.parseInt(p[5]), Long.parseLong(p[6]), start));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return l;
    }

    public static List<Instrument> defaults(Exchange e) {
        return defaults().stream().filter(i -> i.exchange == e).toList();
    }

    /** A generated pair for symbol-count scale tests: {@code S0001USDT}, {@code S0001/USD}, {@code tS0001USD}. */
    public static Instrument synthetic(Exchange e, int n) {
        String base = String.format(Locale.ROOT, "S%04d", n);
        return switch (e) {
            case BINANCE -> new Instrument(e, base + "USDT", base, "USDT", 8, 8, 10_000, (100 + n % 900) * 100_000_000L);
            case KRAKEN -> new Instrument(e, base + "/USD", base, "USD", 4, 8, 1, (100 + n % 900) * 10_000L);
            case BITFINEX -> new Instrument(e, "t" + base + "USD", base, "USD", 2, 8, 1, (100 + n % 900) * 100L);
        };
    }

    /**
     * A generated instrument under a user's name ({@code DOGEUSDT}, {@code DOGE/USD}, {@code tDOGEUSD}); the
     * name must be spelled the exchange's way.
     */
    public static Instrument named(Exchange e, String name, int n) {
        Instrument shape = synthetic(e, n);
        String base;
        String quote;
        switch (e) {
            case BINANCE -> {
                if (!name.matches("[A-Z0-9]{3,20}")) {
                    throw new IllegalArgumentException("binance symbol '" + name + "': expected upper-case letters and digits, e.g. BTCUSDT");
                }
                quote = java.util.stream.Stream.of("FDUSD", "USDT", "USDC", "BTC", "ETH", "BNB", "EUR", "TRY").filter(name::endsWith)
                        .findFirst().orElse(name.substring(name.length() - 3));
                base = name.substring(0, name.length() - quote.length());
            }
            case KRAKEN -> {
                String[] p = name.split("/");
                if (p.length != 2 || p[0].isEmpty() || p[1].isEmpty()) {
                    throw new IllegalArgumentException("kraken symbol '" + name + "': expected BASE/QUOTE, e.g. BTC/USD");
                }
                base = p[0];
                quote = p[1];
            }
            default -> {
                if (!name.matches("t[A-Z0-9:]{6,20}")) {
                    throw new IllegalArgumentException("bitfinex symbol '" + name + "': expected t + pair, e.g. tBTCUSD");
                }
                String pair = name.substring(1);
                int colon = pair.indexOf(':');
                base = colon > 0 ? pair.substring(0, colon) : pair.substring(0, pair.length() - 3);
                quote = colon > 0 ? pair.substring(colon + 1) : pair.substring(pair.length() - 3);
            }
        }
        return new Instrument(e, name, base, quote, shape.priceDecimals, shape.qtyDecimals, shape.tick, shape.startPrice);
    }

    /** The symbol's spelling without separators (Kraken REST pairs, file names). */
    public String compact() {
        String s = symbol.replace("/", "");
        return exchange == Exchange.BITFINEX && s.startsWith("t") ? s.substring(1) : s;
    }
}
