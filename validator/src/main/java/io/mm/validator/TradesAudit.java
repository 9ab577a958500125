package io.mm.validator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm.core.Exchange;
import io.mm.core.binance.BinanceParser;
import io.mm.core.bitfinex.BitfinexParser;
import io.mm.core.contract.ContractFile;
import io.mm.core.contract.StrictGzipInputStream;
import io.mm.core.feed.DepthUpdate;
import io.mm.core.feed.FrameKind;
import io.mm.core.feed.FrameParser;
import io.mm.core.feed.TradeBatch;
import io.mm.core.kraken.KrakenParser;
import io.mm.core.num.NumberText;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The trades file held to what the contract promises, as the replay holds the book frames: every {@code trades_ws} row
 * well formed, rows in {@code recv_seq} order, each trade once (ids ascend; Bitfinex's late trades aside, never one of
 * the last {@value #RECENT} written again), and each row, field for field, a trade of the raw trades message its
 * {@code recv_seq} names in {@code trades/trades_ws_raw}, read with core's parser for the exchange. Where trade ids
 * run on without holes (Binance, Kraken), every hole in the rows' ids has the trade gap row that says so.
 */
final class TradesAudit {
    static final int RECENT = 64;
    /** Problems named one by one; beyond them a count. */
    static final int NAMED = 5;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> SIDES = Set.of("buy", "sell");
    private static final Set<String> ORD_TYPES = Set.of("", "market", "limit");

    private final Exchange exchange;
    private final String rowsName;
    private final String rawName;
    private final List<String> problems = new ArrayList<>();
    private long unnamed;
    /** Holes in the rows' trade ids: the first id missing, the id after them, the row's line. */
    private final List<long[]> holes = new ArrayList<>();

    private TradesAudit(Exchange exchange, String rowsName, String rawName) {
        this.exchange = exchange;
        this.rowsName = rowsName;
        this.rawName = rawName;
    }

    /** What makes the day's trades files unusable, and what is wrong in them; each names file and line. */
    record Outcome(List<String> errors, List<String> findings) {}

    /**
     * Both trades files read to their end as Python's {@code gzip} reads them (a torn or trailing member shows only
     * there), the rows' header checked, and every row and raw message held to each other.
     *
     * @param tradeGaps the day's trade gap rows as {@code "expected..got"}, or null when its gaps file is unusable (named
     *                  by the replay): the holes in the trade ids are then not held to them
     */
    static Outcome audit(Path dir, Exchange exchange, String symbolFs, String day, Set<String> tradeGaps) {
        Path rows = dir.resolve(ContractFile.TRADES.relativePath(symbolFs, day));
        Path raw = dir.resolve(ContractFile.TRADES_RAW.relativePath(symbolFs, day));
        TradesAudit a = new TradesAudit(exchange, dir.relativize(rows).toString(), dir.relativize(raw).toString());
        List<String> errors = new ArrayList<>();
        try (RawTrades messages = Files.exists(raw) ? new RawTrades(reader(raw, a.rawName), a.rawName, exchange, a::problem) : null) {
            String unusable = Files.exists(rows) ? a.checkRows(rows, messages) : null;
            if (unusable != null) {
                errors.add(unusable);
            }
            if (messages != null) {
                messages.drain(); // also when the rows are unusable: the raw file is read to its end all the same
            }
        } catch (IOException e) {
            errors.add(e.getMessage() != null && e.getMessage().startsWith(a.rawName) ? e.getMessage() : a.rawName + ": " + e.getMessage());
        }
        if (!errors.isEmpty()) {
            return new Outcome(errors, List.of());
        }
        if (tradeGaps != null) {
            a.holdHolesToGapRows(tradeGaps, ContractFile.GAPS.relativePath(symbolFs, day));
        }
        if (a.unnamed > 0) {
            a.problems.add(a.rowsName + ", " + a.rawName + ": " + a.unnamed + " more like these");
        }
        return new Outcome(List.of(), a.problems);
    }

    /** Null when the rows file is usable (its findings recorded), else what makes it unusable; the raw file's failures are thrown. */
    private String checkRows(Path rows, RawTrades messages) throws IOException {
        try (CSVParser csv = CSVParser.parse(reader(rows, rowsName), CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get())) {
            if (csv.getHeaderNames().isEmpty()) {
                return rowsName + ": empty file (no header row)";
            }
            String header = ContractFile.headerProblem(csv.getHeaderNames(), ContractFile.TRADES.columns(0));
            if (header != null) {
                return rowsName + ": header: " + header;
            }
            long rowCount = check(csv, messages);
            if (messages == null && rowCount > 0) {
                problem(rawName + ": missing, so " + rowCount + " trades row(s) cannot be held to the messages they came from");
            }
            return null;
        } catch (java.io.UncheckedIOException e) {
            // Commons CSV wraps what its reader throws: a torn gzip, or a row no CSV reader takes (an unclosed quote)
            String cause = e.getCause() != null ? e.getCause().getMessage() : null;
            return cause != null && cause.startsWith(rowsName) ? cause : rowsName + ": unreadable: " + e.getMessage();
        } catch (IllegalStateException e) {
            return rowsName + ": unreadable: " + e.getMessage();
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(rowsName)) {
                return e.getMessage(); // the rows file's gzip, met opening or closing it
            }
            throw e;
        }
    }

    private static BufferedReader reader(Path p, String name) throws IOException {
        return new BufferedReader(new InputStreamReader(new StrictGzipInputStream(Files.newInputStream(p), name), StandardCharsets.UTF_8), 1 << 16);
    }

    /** Checks every row; the number of rows. */
    private long check(CSVParser csv, RawTrades messages) throws IOException {
        int columns = csv.getHeaderNames().size();
        long lastSeq = Long.MIN_VALUE;
        long maxId = Long.MIN_VALUE;
        long[] recent = new long[RECENT];
        int written = 0;
        boolean contiguous = exchange.consecutiveTradeIds();
        long count = 0;
        for (CSVRecord r : csv) {
            long line = csv.getCurrentLineNumber();
            count++;
            if (r.size() != columns) {
                problem(line, r.size() + " fields, the header has " + columns);
                continue;
            }
            Row row;
            try {
                row = Row.of(r);
            } catch (IllegalArgumentException e) {
                problem(line, e.getMessage());
                continue;
            }
            if (row.recvSeq < lastSeq) {
                problem(line, "recv_seq " + row.recvSeq + " after " + lastSeq + " (rows are in recv_seq order)");
            }
            lastSeq = Math.max(lastSeq, row.recvSeq);
            if (contiguous && maxId != Long.MIN_VALUE && row.tradeId > maxId + 1) {
                holes.add(new long[] {maxId + 1, row.tradeId, line});
            }
            if (row.tradeId <= maxId) {
                if (contains(recent, Math.min(written, RECENT), row.tradeId)) {
                    problem(line, "trade " + row.tradeId + " written twice");
                } else if (contiguous) {
                    problem(line, "trade " + row.tradeId + " after trade " + maxId + " (ids ascend)");
                }
            }
            maxId = Math.max(maxId, row.tradeId);
            recent[written++ % RECENT] = row.tradeId;
            if (messages != null) {
                String wrong = messages.explain(row);
                if (wrong != null) {
                    problem(line, wrong);
                }
            }
        }
        return count;
    }

    /** Names each hole in the trade ids that no trade gap row ({@code expected} its first id, {@code got} the id after) accounts for. */
    private void holdHolesToGapRows(Set<String> said, String gapsName) {
        for (long[] h : holes) {
            if (!said.contains(h[0] + ".." + h[1])) {
                long lost = h[1] - h[0];
                problem(h[2], "trade " + h[1] + " follows trade " + (h[0] - 1) + ": " + lost + " trade(s) missing and no trade gap row of "
                        + gapsName + " says so (expected " + h[0] + ", got " + h[1] + ")");
            }
        }
    }

    private static boolean contains(long[] a, int n, long v) {
        for (int i = 0; i < n; i++) {
            if (a[i] == v) {
                return true;
            }
        }
        return false;
    }

    private void problem(long line, String what) {
        problem(rowsName + ":" + line + ": " + what);
    }

    private void problem(String where) {
        if (problems.size() < NAMED) {
            problems.add(where);
        } else {
            unnamed++;
        }
    }

    /** One {@code trades_ws} row, its numbers read. */
    record Row(long recvTsUs, long recvSeq, long eventTsUs, long tradeTsUs, long tradeId, BigDecimal price, BigDecimal qty, String side,
               String ordType) {
        static Row of(CSVRecord r) {
            Row row = new Row(integer(r, "recv_ts_us"), integer(r, "recv_seq"), integer(r, "event_ts_us"), integer(r, "trade_ts_us"),
                    integer(r, "trade_id"), positive(r, "price"), positive(r, "qty"), r.get("side"), r.get("ord_type"));
            if (!SIDES.contains(row.side)) {
                throw new IllegalArgumentException("side '" + row.side + "' is not buy or sell");
            }
            if (!ORD_TYPES.contains(row.ordType)) {
                throw new IllegalArgumentException("ord_type '" + row.ordType + "' is not market, limit or empty");
            }
            return row;
        }

        private static long integer(CSVRecord r, String column) {
            try {
                return Long.parseLong(r.get(column));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(column + " '" + r.get(column) + "' is not an integer");
            }
        }

        private static BigDecimal positive(CSVRecord r, String column) {
            try {
                BigDecimal v = new BigDecimal(r.get(column));
                if (v.signum() > 0) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // said below
            }
            throw new IllegalArgumentException(column + " '" + r.get(column) + "' is not a positive number");
        }
    }

    /**
     * The raw trades messages, read forward in step with the rows, each parsed once. Once a row has been read, every
     * trade of a later message above the highest id written before it must have a row at that message's {@code recv_seq}:
     * the recorder writes every such trade (before the day's first row, what was written the day before is unknown).
     */
    static final class RawTrades implements AutoCloseable {
        private final BufferedReader in;
        private final String name;
        private final java.util.function.Consumer<String> missing;
        private final FrameParser parser;
        /** The highest trade id of the rows so far, and of the rows before the current message. */
        private long maxWritten = DepthUpdate.NONE;
        private long before = DepthUpdate.NONE;
        /** The trade ids of the current message's rows. */
        private long[] rowIds = new long[8];
        private int rowIdCount;
        private final byte[] digits = new byte[64];
        private long line;
        private long seq = Long.MIN_VALUE;
        private long recvUs;
        private String frame;
        private String symbol;
        private String parseError;
        private boolean parsed;
        private boolean done;

        RawTrades(BufferedReader in, String name, Exchange exchange, java.util.function.Consumer<String> missing) {
            this.in = in;
            this.name = name;
            this.missing = missing;
            this.parser = switch (exchange) {
                case BINANCE -> new BinanceParser();
                case KRAKEN -> new KrakenParser();
                case BITFINEX -> new BitfinexParser();
            };
        }

        /** Null when {@code row} is a trade of the message its {@code recv_seq} names, else what is not. */
        String explain(Row row) throws IOException {
            while (!done && seq < row.recvSeq) {
                advance();
            }
            maxWritten = Math.max(maxWritten, row.tradeId);
            if (seq != row.recvSeq) {
                return "recv_seq " + row.recvSeq + " names no message of " + name;
            }
            if (rowIdCount == rowIds.length) {
                rowIds = java.util.Arrays.copyOf(rowIds, rowIdCount * 2);
            }
            rowIds[rowIdCount++] = row.tradeId;
            if (parseError != null) {
                return parseError;
            }
            TradeBatch t = trades();
            if (t == null) {
                return parseError;
            }
            for (int i = 0; i < t.size(); i++) {
                if (t.tradeId(i) == row.tradeId) {
                    return differences(row, t, i);
                }
            }
            return "trade " + row.tradeId + " is not in " + name + ":" + line + " (recv_seq " + seq + ")";
        }

        private String differences(Row row, TradeBatch t, int i) {
            long event = t.eventTimeUs != DepthUpdate.NONE ? t.eventTimeUs : t.tradeTimeUs(i);
            List<String> d = new ArrayList<>();
            differs(d, "recv_ts_us", row.recvTsUs, recvUs);
            differs(d, "event_ts_us", row.eventTsUs, event);
            differs(d, "trade_ts_us", row.tradeTsUs, t.tradeTimeUs(i));
            differs(d, "price", row.price, decimal(t.price(i), t.priceFormat(i)));
            differs(d, "qty", row.qty, decimal(t.qty(i), t.qtyFormat(i)));
            differs(d, "side", row.side, t.sideName(i));
            differs(d, "ord_type", row.ordType, t.ordTypeName(i));
            return d.isEmpty() ? null : "trade " + row.tradeId + " differs from " + name + ":" + line + ": " + String.join(", ", d);
        }

        private static void differs(List<String> d, String column, Object row, Object message) {
            boolean same = row instanceof BigDecimal a && message instanceof BigDecimal b ? a.compareTo(b) == 0 : Objects.equals(row, message);
            if (!same) {
                d.add(column + " " + (row instanceof BigDecimal b ? b.toPlainString() : row) + " in the row, "
                        + (message instanceof BigDecimal b ? b.toPlainString() : message) + " in the message");
            }
        }

        private BigDecimal decimal(long unscaled, int format) {
            int end = NumberText.writeUnscaled(unscaled, format, digits, 0);
            return new BigDecimal(new String(digits, 0, end, StandardCharsets.US_ASCII)).abs();
        }

        private TradeBatch trades() {
            if (!parsed) {
                parsed = true;
                FrameKind kind = parser.parse(frame);
                long chanId;
                if (parser instanceof BitfinexParser b && kind == FrameKind.MALFORMED && (chanId = BitfinexParser.leadingChannelId(frame)) >= 0) {
                    b.registerChannel(chanId, BitfinexParser.TRADES, symbol); // every message of this file is this symbol's trades
                    kind = parser.parse(frame);
                }
                if (kind != FrameKind.TRADES) {
                    parseError = name + ":" + line + ": not a trades message (" + (kind == FrameKind.MALFORMED ? parser.error() : kind) + ")";
                }
            }
            return parseError == null ? parser.trades() : null;
        }

        /** Reads the messages after the last row, holding each to the rule above. */
        void drain() throws IOException {
            while (!done) {
                advance();
            }
        }

        /** Names every trade of the current message that the rule says must have a row and has none. */
        private void holdToTheRows() {
            if (line == 0 || before == DepthUpdate.NONE) {
                return;
            }
            TradeBatch t = trades();
            if (t == null) {
                return; // not a trades message: named when a row points at it
            }
            for (int i = 0; i < t.size(); i++) {
                long id = t.tradeId(i);
                if (id > before && !contains(rowIds, rowIdCount, id)) {
                    missing.accept(name + ":" + line + ": trade " + id + " (recv_seq " + seq + ") has no row in the trades file");
                }
            }
        }

        private void advance() throws IOException {
            holdToTheRows();
            before = maxWritten;
            rowIdCount = 0;
            String l = in.readLine();
            if (l == null) {
                done = true;
                seq = Long.MAX_VALUE;
                return;
            }
            line++;
            parsed = false;
            parseError = null;
            int rawAt = l.indexOf(",\"raw\":");
            long previous = seq;
            try {
                if (rawAt < 0 || !l.endsWith("}")) {
                    throw new IOException("no \"raw\" frame last");
                }
                JsonNode head = JSON.readTree(l.substring(0, rawAt) + "}");
                if (!head.path("recv_seq").isIntegralNumber() || !head.path("recv_ts_us").isIntegralNumber()) {
                    throw new IOException("recv_seq or recv_ts_us missing");
                }
                seq = head.get("recv_seq").asLong();
                recvUs = head.get("recv_ts_us").asLong();
                symbol = head.path("symbol").asText(null);
                frame = l.substring(rawAt + 7, l.length() - 1);
            } catch (IOException e) {
                throw new IOException(name + ":" + line + ": " + e.getMessage(), e);
            }
            if (seq <= previous) {
                throw new IOException(name + ":" + line + ": recv_seq " + seq + " after " + previous + " (out of order)");
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
