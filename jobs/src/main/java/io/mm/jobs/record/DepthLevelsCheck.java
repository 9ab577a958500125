package io.mm.jobs.record;

import io.mm.core.Exchange;
import io.mm.core.clock.RecorderClock;
import io.mm.core.contract.ContractFile;
import io.mm.core.contract.DayDirectory;
import io.mm.core.contract.SymbolFs;
import io.mm.core.window.TradingWindow;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A day's order-book file keeps the header it was created with: a run whose {@code DEPTH_LEVELS} differs would append
 * rows of another width to the files of the days still open, which no CSV reader takes. Such a start is refused,
 * naming the file; a closed day, or a new one, takes any depth.
 */
final class DepthLevelsCheck {
    private DepthLevelsCheck() {}

    /** @throws IllegalArgumentException of one line naming the setting, the file and what to do */
    static void check(RecordJobSettings c) {
        RecorderClock clock = RecorderClock.parse(c.operator.clockSpec(), c.operator.clockAnchorMillis());
        TradingWindow window = c.operator.window();
        int[] days = new int[window.maxDays()];
        int open = window.daysAt(clock.nowMicros(), days);
        int levels = c.operator.depthLevels();
        for (Map.Entry<Exchange, List<String>> e : c.symbols.entrySet()) {
            for (String symbol : e.getValue()) {
                String fs = SymbolFs.of(e.getKey(), symbol);
                for (int i = 0; i < open; i++) {
                    Path f = new DayDirectory(c.dataDir, e.getKey(), fs, Integer.toString(days[i])).file(ContractFile.ORDERBOOK);
                    int has = ContractFile.orderbookLevels(f); // -1: none to append to, or one the validator will report
                    if (has > 0 && has != levels) {
                        throw new IllegalArgumentException("DEPTH_LEVELS " + levels + " differs from the " + has + " levels of " + f
                                + ", which this run would append to (a day file keeps one header): record with DEPTH_LEVELS=" + has
                                + " until its day's window closes, or into another DATA_DIR");
                    }
                }
            }
        }
    }
}
