package io.mm.history;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;

/** Exchange numbers as plain decimal text: Bitfinex sends JSON numbers such as {@code 1e-8}. */
public final class Decimals {
    /** Reads JSON keeping each number's decimal text: a double would print 1796090128.47 as 1.79609012847E9. */
    public static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

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
