package io.mm.sources.rest;

import io.mm.core.Exchange;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The listed symbol a refused one was most likely meant to be: the same letters once case and separators are ignored,
 * Kraken's legacy asset names (XBT, XDG) read as the WS v2 ones (BTC, DOGE), and Bitfinex's {@code t} prefix dropped.
 * Only a single such match is suggested: two would be a guess.
 */
public final class SymbolSuggestion {
    private SymbolSuggestion() {}

    /** A symbol of {@code known} that {@code refused} names in another spelling, if exactly one does. */
    public static Optional<String> of(Exchange e, String refused, Set<String> known) {
        String key = key(e, refused);
        String match = null;
        for (String k : known) {
            if (key.equals(key(e, k))) {
                if (match != null) {
                    return Optional.empty();
                }
                match = k;
            }
        }
        return Optional.ofNullable(match);
    }

    static String key(Exchange e, String symbol) {
        String s = e == Exchange.BITFINEX && symbol.startsWith("t") ? symbol.substring(1) : symbol;
        s = s.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
        if (e == Exchange.KRAKEN) {
            s = s.replace("XBT", "BTC").replace("XDG", "DOGE");
        }
        return s;
    }
}
