package io.mm.history;

import java.math.BigDecimal;

/** Exchange numbers as plain decimal text: Bitfinex sends JSON numbers such as {@code 1e-8}. */
public final class Decimals {
    private Decimals() {}

    /** {@code text} unchanged when already plain, else its plain form ({@code 1e-8} -> {@code 0.00000001}). */
    public static String plain(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 'e' || c == 'E') {
                return new BigDecimal(text).toPlainString();
            }
        }
        return text;
    }

    /** {@code |text|}, as plain text. */
    public static String abs(String text) {
        String p = plain(text);
        return p.startsWith("-") ? p.substring(1) : p;
    }
}
