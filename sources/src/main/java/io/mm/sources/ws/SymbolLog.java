package io.mm.sources.ws;

import io.mm.core.Exchange;
import io.mm.core.clock.RecorderClock;
import io.mm.core.contract.SymbolFs;
import io.mm.core.window.TradingWindow;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * A connection's log lines in each of its symbols' own logs: logger {@value #NAME}, routed like the ledger by
 * {@code mm.exchange}, {@code mm.symbol} and {@code mm.day} (the trading days open now) to
 * {@code logs/recorder/<exchange>/<SYMBOL_FS>/<YYYY-MM-DD>.log}, as the original's one process per symbol wrote
 * them. Not thread-safe: a connection calls it under its own lock.
 */
final class SymbolLog {
    static final String NAME = "io.mm.recorder.symbol";
    private static final Logger LOG = LoggerFactory.getLogger(NAME);

    private final String exchange;
    private final List<String> symbolDirs;
    private final TradingWindow window;
    private final RecorderClock clock;
    private final int[] days;

    SymbolLog(Exchange exchange, List<String> symbols, TradingWindow window, RecorderClock clock) {
        this.exchange = exchange.id();
        this.symbolDirs = symbols.stream().map(s -> SymbolFs.of(exchange, s)).toList();
        this.window = window;
        this.clock = clock;
        this.days = new int[window.maxDays()];
    }

    void info(String message) {
        if (LOG.isInfoEnabled()) {
            write(message, false);
        }
    }

    void warn(String message) {
        if (LOG.isWarnEnabled()) {
            write(message, true);
        }
    }

    private void write(String message, boolean warn) {
        int n = window.daysAt(clock.nowMicros(), days);
        try {
            MDC.put("mm.exchange", exchange);
            for (String symbol : symbolDirs) {
                MDC.put("mm.symbol", symbol);
                for (int i = 0; i < Math.max(1, n); i++) {
                    MDC.put("mm.day", n == 0 ? "none" : String.format("%04d-%02d-%02d", days[i] / 10000, days[i] / 100 % 100, days[i] % 100));
                    if (warn) {
                        LOG.warn(message);
                    } else {
                        LOG.info(message);
                    }
                }
            }
        } finally {
            MDC.remove("mm.exchange");
            MDC.remove("mm.symbol");
            MDC.remove("mm.day");
        }
    }
}
