package io.mm.core.contract;

/**
 * A piece of output for one file of the contract, from the keyed operator to the file sink. The operator
 * renders rows and lines itself, so the sink never needs to understand them.
 *
 * @param path  the file, relative to the data root, with '/' separators
 *              ({@code binance/BTCUSDT/20240101/trades_ws_BTCUSDT_20240101.csv.gz})
 * @param kind  {@link #APPEND} for rows of a gzip day file (exactly once), {@link #WHOLE_FILE} for a
 *              snapshot file (written once, when committed), {@link #LIVE} for a line of a live file
 *              (written at once, at least once)
 * @param data  complete lines, or the whole file
 */
public record FileRecord(String path, byte kind, byte[] data) {
    public static final byte APPEND = 0;
    public static final byte WHOLE_FILE = 1;
    public static final byte LIVE = 2;
    /** Replay only: a finding for the validator's report (JSON in {@code data}), not a file. */
    public static final byte FINDING = 3;
}
