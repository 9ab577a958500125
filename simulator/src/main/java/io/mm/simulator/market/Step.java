package io.mm.simulator.market;

import java.util.ArrayList;
import java.util.List;

/** What one market step did: level changes in order, and possibly a trade (whose level change is among them). */
public final class Step {
    public final List<Change> changes = new ArrayList<>(8);
    public Trade trade;
    /** Binance update ids covered: first and last (each change is one id). */
    public long firstUpdateId;
    public long lastUpdateId;
    public long timeMs;

    void clear() {
        changes.clear();
        trade = null;
    }
}
