package io.mm.core.candle;

import io.mm.core.Exchange;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Where candles missing on disk are fetched from: the exchanges' REST history under the shared REST budget. Serving
 * stays free of the history clients; it finds them through {@link Provider} when they are on its classpath.
 */
public interface CandleSource {
    /** The exchange's closed candles whose open time lies in {@code [startMs, endMs)}, oldest first. */
    List<Candle> candles(Exchange exchange, String symbol, Interval interval, long startMs, long endMs) throws IOException;

    /** A {@link ServiceLoader} service: makes a source from the settings of the environment given. */
    interface Provider {
        CandleSource open(Map<String, String> env);
    }

    /**
     * The source of the first {@link Provider} on the classpath, made on first use (so commands that fetch nothing
     * build no HTTP client), or null when there is none: missing candles then stay missing.
     */
    static CandleSource discover(Map<String, String> env) {
        Provider p = ServiceLoader.load(Provider.class).findFirst().orElse(null);
        if (p == null) {
            return null;
        }
        return new CandleSource() {
            private CandleSource source;

            @Override
            public synchronized List<Candle> candles(Exchange e, String symbol, Interval iv, long startMs, long endMs) throws IOException {
                if (source == null) {
                    source = p.open(env);
                }
                return source.candles(e, symbol, iv, startMs, endMs);
            }
        };
    }
}
