package io.mm.core.ledger;

import java.util.Locale;

/** Why a snapshot was taken; names its files {@code snapshots/snapshot_<event_id>_<tag>.*}. */
public enum SnapshotTag {
    INITIAL,
    RESYNC,
    RECONNECT,
    DAY_OPEN,
    /** The recorder's own synced book every {@code BOOK_SNAPSHOT_INTERVAL_S}: where a reader can start mid-day. */
    PERIODIC,
    /** The book restored from a checkpoint, written when the recorder resumed (Binance: the stream may continue from it). */
    RECOVERY;

    public String csvName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SnapshotTag fromCsv(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
