package io.mm.operators.book;

import io.mm.core.Exchange;
import io.mm.core.contract.ContractFile;

/** The contract's paths of one symbol-day, relative to the data root, built once per day and reused per row. */
final class DayPaths {
    final int day;
    final String dir;
    private final String[] files = new String[ContractFile.values().length];
    final String liveDiffs;
    final String liveTrades;

    DayPaths(Exchange exchange, String symbolFs, int day) {
        this.day = day;
        String d = Integer.toString(day);
        this.dir = exchange.id() + "/" + symbolFs + "/" + d + "/";
        for (ContractFile f : ContractFile.values()) {
            files[f.ordinal()] = dir + f.relativePath(symbolFs, d);
        }
        liveDiffs = dir + ContractFile.LIVE_DEPTH_DIFFS;
        liveTrades = dir + ContractFile.LIVE_TRADES;
    }

    String file(ContractFile f) {
        return files[f.ordinal()];
    }

    String snapshotCsv(long eventId, String tag) {
        return dir + ContractFile.snapshotCsv(eventId, tag);
    }

    String snapshotJson(long eventId, String tag) {
        return dir + ContractFile.snapshotJson(eventId, tag);
    }
}
