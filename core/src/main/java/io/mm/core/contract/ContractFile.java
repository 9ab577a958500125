package io.mm.core.contract;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The gzip files of a day directory, with their exact relative paths and, for CSV files, their columns.
 * Every writer and reader goes through here so names and columns cannot drift apart.
 */
public enum ContractFile {
    ORDERBOOK("orderbook_ws_depth", ".csv.gz", true),
    TRADES("trades_ws", ".csv.gz", true),
    EVENTS("events", ".csv.gz", true),
    GAPS("gaps", ".csv.gz", true),
    DEPTH_DIFFS("diffs/depth_diffs", ".ndjson.gz", false),
    TRADES_RAW("trades/trades_ws_raw", ".ndjson.gz", false);

    public static final List<String> TRADES_COLUMNS =
            List.of("recv_ts_us", "recv_seq", "event_ts_us", "trade_ts_us", "trade_id", "price", "qty", "side", "ord_type");
    public static final List<String> EVENTS_COLUMNS =
            List.of("event_id", "ts_us", "recv_seq", "run_id", "epoch", "type", "state", "tag", "details");
    public static final List<String> GAPS_COLUMNS =
            List.of("ts_us", "recv_seq", "epoch", "kind", "expected", "got", "details");
    public static final List<String> SNAPSHOT_COLUMNS =
            List.of("side", "level", "price", "qty", "last_update_id", "checksum");
    public static final List<String> ORDERBOOK_FIXED_COLUMNS =
            List.of("recv_ts_us", "recv_seq", "event_ts_us", "epoch", "last_update_id", "checksum");

    public static final String LIVE_DEPTH_DIFFS = "live/live_depth_diffs.ndjson";
    public static final String LIVE_TRADES = "live/live_trades.ndjson";
    public static final String SNAPSHOTS_DIR = "snapshots";

    private final String prefix;
    private final String suffix;
    private final boolean csv;

    ContractFile(String prefix, String suffix, boolean csv) {
        this.prefix = prefix;
        this.suffix = suffix;
        this.csv = csv;
    }

    public boolean isCsv() {
        return csv;
    }

    /** The path before {@code _<SYMBOL_FS>_<YYYYMMDD>}, e.g. {@code diffs/depth_diffs}: the kind's name in reports. */
    public String prefix() {
        return prefix;
    }

    /** Path relative to the day directory, e.g. {@code diffs/depth_diffs_BTCUSDT_20240101.ndjson.gz}. */
    public String relativePath(String symbolFs, String yyyymmdd) {
        return prefix + "_" + symbolFs + "_" + yyyymmdd + suffix;
    }

    public Path in(Path dayDir, String symbolFs, String yyyymmdd) {
        return dayDir.resolve(relativePath(symbolFs, yyyymmdd));
    }

    /** The CSV header columns; {@code depthLevels} only matters for {@link #ORDERBOOK}. */
    public List<String> columns(int depthLevels) {
        return switch (this) {
            case ORDERBOOK -> orderbookColumns(depthLevels);
            case TRADES -> TRADES_COLUMNS;
            case EVENTS -> EVENTS_COLUMNS;
            case GAPS -> GAPS_COLUMNS;
            default -> throw new IllegalStateException(this + " is not a CSV file");
        };
    }

    public static List<String> orderbookColumns(int depthLevels) {
        java.util.ArrayList<String> c = new java.util.ArrayList<>(ORDERBOOK_FIXED_COLUMNS);
        for (int i = 1; i <= depthLevels; i++) {
            c.add("bid_px_" + i);
            c.add("bid_qty_" + i);
            c.add("ask_px_" + i);
            c.add("ask_qty_" + i);
        }
        return List.copyOf(c);
    }

    /** The book levels an order-book header names: its {@code bid_px_} columns. */
    public static int orderbookLevels(List<String> header) {
        return (int) header.stream().filter(c -> c.startsWith("bid_px_")).count();
    }

    /**
     * The book levels the header of order-book file {@code file} names; -1 when there is no such file, it is empty or
     * it cannot be read (whoever reads the rows reports why).
     */
    public static int orderbookLevels(Path file) {
        if (!Files.isRegularFile(file)) {
            return -1;
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
                StandardCharsets.UTF_8))) {
            String header = r.readLine();
            return header == null ? -1 : orderbookLevels(List.of(header.split(",", -1)));
        } catch (IOException e) {
            return -1;
        }
    }

    /** The header line, with its {@code \n}. */
    public String headerLine(int depthLevels) {
        return String.join(",", columns(depthLevels)) + "\n";
    }

    /** The contract file a file name (without directories) belongs to, or null. */
    public static ContractFile ofFileName(String fileName) {
        for (ContractFile f : values()) {
            String p = f.prefix.substring(f.prefix.lastIndexOf('/') + 1) + "_";
            if (fileName.startsWith(p) && fileName.endsWith(f.suffix)) {
                // "trades_ws_" is also the start of nothing else; "trades_ws_raw_" lives under trades/
                if (f == TRADES && fileName.startsWith("trades_ws_raw_")) {
                    continue;
                }
                return f;
            }
        }
        return null;
    }

    /** {@code snapshots/snapshot_<event_id>_<tag>.csv} */
    public static String snapshotCsv(long eventId, String tag) {
        return SNAPSHOTS_DIR + "/snapshot_" + eventId + "_" + tag + ".csv";
    }

    /** {@code snapshots/snapshot_<event_id>_<tag>.json} */
    public static String snapshotJson(long eventId, String tag) {
        return SNAPSHOTS_DIR + "/snapshot_" + eventId + "_" + tag + ".json";
    }

    /**
     * What is wrong with a CSV header, naming the column, or null when it is the contract's: a column missing, one
     * the contract does not have, or the contract's columns in another order.
     */
    public static String headerProblem(List<String> actual, List<String> expected) {
        if (actual.equals(expected)) {
            return null;
        }
        for (String e : expected) {
            if (!actual.contains(e)) {
                return "column '" + e + "' is missing";
            }
        }
        for (String a : actual) {
            if (!expected.contains(a)) {
                return "column '" + a + "' is not in the contract";
            }
        }
        for (int i = 0; i < Math.min(actual.size(), expected.size()); i++) {
            if (!actual.get(i).equals(expected.get(i))) {
                return "column " + (i + 1) + " is '" + actual.get(i) + "' where the contract has '" + expected.get(i) + "' (columns reordered)";
            }
        }
        return "column '" + actual.get(actual.size() - 1) + "' appears twice";
    }
}
