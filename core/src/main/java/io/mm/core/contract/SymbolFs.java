package io.mm.core.contract;

import io.mm.core.Exchange;
import java.util.Locale;

/**
 * {@code SYMBOL_FS}: the symbol as it appears in paths and file names. Upper-cased with {@code /}, {@code -},
 * {@code :} and spaces removed; Bitfinex's leading {@code t} pair marker is dropped
 * ({@code tBTCUSD -> BTCUSD}, Kraken {@code BTC/USD -> BTCUSD}). The result is one plain path component (letters,
 * digits, {@code .} and {@code _}, not starting with a dot), or the symbol is refused: it names a directory.
 */
public final class SymbolFs {
    private SymbolFs() {}

    public static String of(Exchange exchange, String symbol) {
        if (symbol == null || symbol.isBlank()) {
            throw new IllegalArgumentException("empty symbol");
        }
        String s = symbol.trim();
        if (exchange == Exchange.BITFINEX && s.length() > 1 && s.charAt(0) == 't') {
            s = s.substring(1);
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '/' && c != '-' && c != ':' && c != ' ') {
                b.append(c);
            }
        }
        String fs = b.toString().toUpperCase(Locale.ROOT);
        if (!isPlainName(fs)) {
            throw new IllegalArgumentException("symbol '" + symbol + "' does not make a directory name (SYMBOL_FS '" + fs + "')");
        }
        return fs;
    }

    private static boolean isPlainName(String fs) {
        if (fs.isEmpty() || fs.charAt(0) == '.') {
            return false;
        }
        for (int i = 0; i < fs.length(); i++) {
            char c = fs.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_')) {
                return false;
            }
        }
        return true;
    }
}
