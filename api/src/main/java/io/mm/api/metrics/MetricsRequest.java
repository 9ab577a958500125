package io.mm.api.metrics;

import io.mm.api.catalog.ApiException;
import io.mm.api.catalog.DataCatalog;
import io.mm.api.relay.RelayRoute;
import io.mm.api.server.Query;
import io.mm.core.candle.Interval;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A checked {@code /metrics} request: {@code exchange}, {@code symbols} (at least two for a matrix),
 * {@code interval} (default 1m), {@code window} ({@code 90m}, {@code 12h}, {@code 30d}; default 1d, at most 365d
 * and {@value #MAX_POINTS} intervals) and {@code metric} ({@code correlation}, {@code covariance},
 * {@code volatility}; default correlation).
 */
public record MetricsRequest(List<DataCatalog.Entry> symbols, Interval interval, long windowMs, String windowText, String metric) {
    public static final int MAX_POINTS = 600_000;
    static final long MAX_WINDOW_MS = 365L * 86_400_000;
    private static final Pattern WINDOW = Pattern.compile("(\\d{1,6})([mhd])");
    static final List<String> METRICS = List.of("correlation", "covariance", "volatility");

    public static MetricsRequest parse(DataCatalog catalog, Query q, int maxSymbols) throws ApiException {
        String metric = q.one("metric") == null ? "correlation" : q.one("metric").trim().toLowerCase(Locale.ROOT);
        if (!METRICS.contains(metric)) {
            throw new ApiException(400, "metric '" + Query.clip(metric) + "' is not one of " + String.join(", ", METRICS));
        }
        Interval iv;
        try {
            iv = Interval.parse(q.one("interval") == null ? "1m" : q.one("interval"));
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, e.getMessage());
        }
        String w = q.one("window") == null ? "1d" : q.one("window").trim();
        Matcher m = WINDOW.matcher(w);
        if (!m.matches()) {
            throw new ApiException(400, "window '" + Query.clip(w) + "' is not a length such as 90m, 12h or 30d");
        }
        long unit = switch (m.group(2)) {
            case "m" -> 60_000L;
            case "h" -> 3_600_000L;
            default -> 86_400_000L;
        };
        long windowMs = Long.parseLong(m.group(1)) * unit;
        if (windowMs > MAX_WINDOW_MS) {
            throw new ApiException(400, "window " + w + " is longer than 365d");
        }
        if (windowMs / iv.millis() > MAX_POINTS) {
            throw new ApiException(400, "window " + w + " holds " + windowMs / iv.millis() + " intervals of " + iv + ": at most " + MAX_POINTS);
        }
        if (windowMs < 2 * iv.millis()) {
            throw new ApiException(400, "window " + w + " must hold at least two intervals of " + iv);
        }
        List<DataCatalog.Entry> symbols = RelayRoute.resolve(catalog, q, maxSymbols);
        if (!metric.equals("volatility") && symbols.size() < 2) {
            throw new ApiException(400, metric + " needs at least two symbols (symbols=A,B)");
        }
        return new MetricsRequest(symbols, iv, windowMs, w, metric);
    }
}
