package io.mm.core.contract;

import io.mm.core.Exchange;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Each exchange's symbol grammar, checked wherever a symbol comes from a user (settings, flags, requests), with or
 * without a check against the exchange's symbol list: a symbol names a directory ({@link SymbolFs}), so nothing a
 * user types may name a path outside its place.
 */
public final class SymbolGrammar {
    // Binance's documented symbol filter is ^[A-Z0-9-_.]{1,20}$; a leading letter or digit keeps it a plain name
    private static final Pattern BINANCE = Pattern.compile("[A-Z0-9][A-Z0-9_.-]{0,19}");
    // WS v2 pairs: BASE/QUOTE (BTC/USD, 1INCH/EUR, ETH2.S/ETH)
    private static final Pattern KRAKEN = Pattern.compile("[A-Z0-9][A-Z0-9.]{0,15}/[A-Z0-9][A-Z0-9.]{0,15}");
    // trading pairs after the 't': BTCUSD, TESTBTC:TESTUSD, BTCF0:USTF0
    private static final Pattern BITFINEX = Pattern.compile("[A-Z0-9]{2,16}(:[A-Z0-9]{2,16})?");

    private SymbolGrammar() {}

    /**
     * The symbol as the exchange writes it (Binance and Kraken upper case, Bitfinex {@code t} + upper case), or an
     * {@link IllegalArgumentException} saying what the exchange's symbols look like.
     */
    public static String normalize(Exchange exchange, String raw) {
        String s = raw == null ? "" : raw.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty symbol");
        }
        return switch (exchange) {
            case BINANCE -> {
                String u = s.toUpperCase(Locale.ROOT);
                if (!BINANCE.matcher(u).matches()) {
                    throw new IllegalArgumentException("'" + s + "' is not a Binance symbol (letters and digits, no '/', e.g. BTCUSDT)");
                }
                yield u;
            }
            case KRAKEN -> {
                String u = s.toUpperCase(Locale.ROOT);
                if (!KRAKEN.matcher(u).matches()) {
                    throw new IllegalArgumentException("'" + s + "' is not a Kraken WS v2 symbol (BASE/QUOTE, e.g. BTC/USD)");
                }
                yield u;
            }
            case BITFINEX -> {
                String body = s.length() > 1 && s.charAt(0) == 't' && Character.isUpperCase(s.charAt(1)) ? s.substring(1) : s;
                String u = body.toUpperCase(Locale.ROOT);
                if (!BITFINEX.matcher(u).matches()) {
                    throw new IllegalArgumentException("'" + s + "' is not a Bitfinex trading pair (tBTCUSD, tTESTBTC:TESTUSD)");
                }
                yield "t" + u;
            }
        };
    }

    /** True when {@code s} is already a well-formed symbol of {@code exchange}. */
    public static boolean isValid(Exchange exchange, String s) {
        try {
            return normalize(exchange, s).equals(s);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
