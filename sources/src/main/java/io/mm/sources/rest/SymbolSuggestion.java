package io.mm.sources.rest;

import io.mm.core.Exchange;
import io.mm.core.contract.SymbolFs;
import io.mm.core.kraken.KrakenLegacyNames;
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
        if (key == null) {
            return Optional.empty();
        }
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

    /** The symbol's {@code SYMBOL_FS} (case, separators and Bitfinex's t ignored) in Kraken's WS v2 asset names; null if it has none. */
    static String key(Exchange e, String symbol) {
        String s;
        try {
            s = SymbolFs.of(e, symbol);
        } catch (IllegalArgumentException notAName) {
            return null;
        }
        return e == Exchange.KRAKEN ? KrakenLegacyNames.replaceIn(s) : s;
    }
}
