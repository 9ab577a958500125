package io.mm.simulator.fault;

import io.mm.core.Exchange;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Armed faults and the log of the ones that fired. Count faults (drop, duplicate, 429, ...) are used up one
 * event at a time; timed faults (stall, refuse, session limit) hold for their duration once they fire.
 * Thread-safe: the market thread, the HTTP event loops and the control endpoint all use it.
 */
public final class FaultController {
    private static final Logger LOG = LoggerFactory.getLogger(FaultController.class);

    private final LongSupplier clock;
    private final List<Armed> armed = new ArrayList<>();
    private final List<FaultRecord> log = new ArrayList<>();

    private static final class Armed {
        final FaultSpec spec;
        int left;
        long until = -1; // timed faults: set when they fire

        Armed(FaultSpec spec) {
            this.spec = spec;
            this.left = Math.max(1, spec.count());
        }
    }

    public FaultController(LongSupplier clock) {
        this.clock = clock;
    }

    public synchronized void inject(FaultSpec spec) {
        armed.add(new Armed(spec));
        LOG.info("fault armed: {}", spec);
    }

    /** Is a fault of this kind armed for the exchange (and the symbol, or exchange-wide)? */
    public synchronized boolean armed(FaultKind kind, Exchange e, String symbol) {
        for (Armed a : armed) {
            if (matches(a, kind, e, symbol) && a.until < 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Uses one event of an armed count fault matching the exchange and symbol (a symbol-less fault matches
     * every symbol) and logs it with {@code detail}; null when none is armed.
     */
    public synchronized FaultSpec take(FaultKind kind, Exchange e, String symbol, String detail) {
        Iterator<Armed> it = armed.iterator();
        while (it.hasNext()) {
            Armed a = it.next();
            if (matches(a, kind, e, symbol) && a.until < 0) {
                if (--a.left <= 0) {
                    it.remove();
                }
                record(e, symbol, kind, detail);
                return a.spec;
            }
        }
        return null;
    }

    /** Uses one event of any armed fault of this kind for the exchange, whatever its symbol; null when none. */
    public synchronized FaultSpec takeAny(FaultKind kind, Exchange e, String detail) {
        Iterator<Armed> it = armed.iterator();
        while (it.hasNext()) {
            Armed a = it.next();
            if (a.spec.kind() == kind && a.spec.exchange() == e && a.until < 0) {
                if (--a.left <= 0) {
                    it.remove();
                }
                record(e, a.spec.symbol(), kind, detail);
                return a.spec;
            }
        }
        return null;
    }

    /**
     * A timed fault of this kind in force for the exchange: the first call after it was armed starts its clock
     * and logs it; it holds until its duration has passed. Null when none.
     */
    public synchronized FaultSpec timed(FaultKind kind, Exchange e, String detail) {
        long now = clock.getAsLong();
        Iterator<Armed> it = armed.iterator();
        while (it.hasNext()) {
            Armed a = it.next();
            if (a.spec.kind() != kind || a.spec.exchange() != e) {
                continue;
            }
            if (a.until < 0) {
                a.until = now + a.spec.duration().toMillis();
                record(e, a.spec.symbol(), kind, detail + " for " + a.spec.duration().toMillis() + " ms");
                return a.spec;
            }
            if (now < a.until) {
                return a.spec;
            }
            it.remove();
        }
        return null;
    }

    private static boolean matches(Armed a, FaultKind kind, Exchange e, String symbol) {
        return a.spec.kind() == kind && a.spec.exchange() == e && (a.spec.symbol() == null || a.spec.symbol().equals(symbol));
    }

    public synchronized void record(Exchange e, String symbol, FaultKind kind, String detail) {
        FaultRecord r = new FaultRecord(clock.getAsLong() * 1000, e, symbol, kind, detail);
        log.add(r);
        LOG.info("fault fired: {} {} {} {}", kind.id(), e.id(), symbol == null ? "*" : symbol, detail);
    }

    public synchronized List<FaultRecord> log() {
        return List.copyOf(log);
    }

    public synchronized List<FaultSpec> pending() {
        return armed.stream().map(a -> a.spec).toList();
    }
}
