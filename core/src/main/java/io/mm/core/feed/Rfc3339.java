package io.mm.core.feed;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** RFC 3339 timestamps ("2023-10-06T17:35:55.440295Z") to microseconds since the epoch, without allocation on the common form. */
public final class Rfc3339 {
    private Rfc3339() {}

    /** Microseconds since the epoch, or {@link DepthUpdate#NONE} if the text is not an RFC 3339 timestamp. */
    public static long toMicros(char[] b, int off, int len) {
        // fast path: YYYY-MM-DDTHH:MM:SS[.f{1,9}]Z
        if (len >= 20 && b[off + len - 1] == 'Z' && b[off + 4] == '-' && b[off + 7] == '-'
                && (b[off + 10] == 'T' || b[off + 10] == 't' || b[off + 10] == ' ') && b[off + 13] == ':' && b[off + 16] == ':') {
            int y = digits(b, off, 4);
            int mo = digits(b, off + 5, 2);
            int d = digits(b, off + 8, 2);
            int h = digits(b, off + 11, 2);
            int mi = digits(b, off + 14, 2);
            int s = digits(b, off + 17, 2);
            if (y >= 0 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h >= 0 && h < 24 && mi >= 0 && mi < 60 && s >= 0 && s <= 60) {
                long micros = 0;
                int i = off + 19;
                int end = off + len - 1;
                if (i < end) {
                    if (b[i] != '.') {
                        return slow(b, off, len);
                    }
                    i++;
                    int n = 0;
                    while (i < end) {
                        char c = b[i++];
                        if (c < '0' || c > '9') {
                            return slow(b, off, len);
                        }
                        if (n < 6) {
                            micros = micros * 10 + (c - '0');
                        }
                        n++;
                    }
                    if (n == 0) {
                        return slow(b, off, len);
                    }
                    for (; n < 6; n++) {
                        micros *= 10;
                    }
                }
                long days = daysFromCivil(y, mo, d);
                return ((days * 86400L + h * 3600L + mi * 60L + s) * 1_000_000L) + micros;
            }
        }
        return slow(b, off, len);
    }

    public static long toMicros(String s) {
        return toMicros(s.toCharArray(), 0, s.length());
    }

    private static long slow(char[] b, int off, int len) {
        try {
            OffsetDateTime t = OffsetDateTime.parse(new String(b, off, len));
            return t.toEpochSecond() * 1_000_000L + t.getNano() / 1000;
        } catch (DateTimeParseException e) {
            return DepthUpdate.NONE;
        }
    }

    private static int digits(char[] b, int off, int n) {
        int v = 0;
        for (int i = 0; i < n; i++) {
            char c = b[off + i];
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
    static long daysFromCivil(int y, int m, int d) {
        y -= m <= 2 ? 1 : 0;
        long era = (y >= 0 ? y : y - 399) / 400;
        long yoe = y - era * 400;
        long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }
}
