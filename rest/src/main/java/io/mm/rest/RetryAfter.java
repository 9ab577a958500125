package io.mm.rest;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** How long a 429 or 418 asks the client to wait: {@code Retry-After} in seconds or as an HTTP date. */
public final class RetryAfter {
    /** Without a usable header: a minute for 429, Binance's shortest ban (2 minutes) for 418. */
    static final long DEFAULT_429_MS = 60_000;
    static final long DEFAULT_418_MS = 120_000;

    private RetryAfter() {}

    public static long millis(String header, int status, long nowMs) {
        if (header != null) {
            String h = header.trim();
            try {
                return Math.max(0, Long.parseLong(h)) * 1000;
            } catch (NumberFormatException ignored) {
                // not seconds: an HTTP date?
            }
            try {
                return Math.max(0, ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli() - nowMs);
            } catch (DateTimeParseException ignored) {
                // garbage: the default
            }
        }
        return status == 418 ? DEFAULT_418_MS : DEFAULT_429_MS;
    }

    public static long millis(String header, int status) {
        return millis(header, status, System.currentTimeMillis());
    }
}
