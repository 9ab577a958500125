package io.mm.simulator.capture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm.core.Exchange;
import io.mm.core.bitfinex.BitfinexParser;
import io.mm.core.bitfinex.BitfinexSequence;
import io.mm.core.contract.ContractFile;
import io.mm.core.contract.StrictGzipInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * A day the recorder wrote, turned back into what the exchange sent: its diffs' and trades' raw frames at their
 * receive times, its WebSocket snapshots, its REST snapshots as the answers of the REST paths the recorder asks,
 * and what the ledger says the exchange answered (Kraken's instrument precisions, Bitfinex's conf flags and
 * channel ids). Played by the simulator, the day reaches a recorder again as it first did, to reproduce a
 * problem. A recording holds one symbol's messages only, so Bitfinex frames lose their connection sequence
 * numbers (the heartbeats and other channels they count are not recorded) and the conf answer grants none.
 */
public final class RecordedDayCapture {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RecordedDayCapture() {}

    /** The capture lines of one day directory {@code <exchange>/<SYMBOL_FS>/<YYYYMMDD>}, in receive order. */
    public static List<CaptureLine> of(Path dayDir) throws IOException {
        Exchange exchange;
        try {
            exchange = Exchange.parse(dayDir.getParent().getParent().getFileName().toString());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IOException(dayDir + ": not a day directory <exchange>/<SYMBOL_FS>/<YYYYMMDD>");
        }
        String fs = dayDir.getParent().getFileName().toString();
        String day = dayDir.getFileName().toString();
        List<CSVRecord> events = csv(dayDir.resolve(ContractFile.EVENTS.relativePath(fs, day)));
        String symbol = null;
        long flags = BitfinexParser.RECORDER_FLAGS;
        for (CSVRecord e : events) {
            JsonNode d = JSON.readTree(e.get("details"));
            if (symbol == null && d.hasNonNull("symbol") && (e.get("type").equals("run_start") || e.get("type").equals("recovery"))) {
                symbol = d.get("symbol").asText();
            }
            if (e.get("type").equals("exchange_info") && "conf".equals(d.path("kind").asText()) && d.has("flags")) {
                flags = d.get("flags").asLong();
            }
        }
        if (symbol == null) {
            throw new IOException(dayDir + ": the ledger names no symbol (no run_start or recovery row)");
        }
        String ws = switch (exchange) {
            case BINANCE -> "/binance/stream?streams=" + symbol.toLowerCase(Locale.ROOT) + "@depth@100ms/" + symbol.toLowerCase(Locale.ROOT) + "@trade";
            case KRAKEN -> "/kraken/v2";
            case BITFINEX -> "/bitfinex/ws/2";
        };
        List<CaptureLine> out = new ArrayList<>();
        boolean instrument = false;
        for (CSVRecord e : events) {
            long ts = Long.parseLong(e.get("ts_us")) / 1000;
            JsonNode d = JSON.readTree(e.get("details"));
            switch (e.get("type")) {
                case "snapshot" -> {
                    String json = Files.readString(dayDir.resolve(ContractFile.snapshotJson(Long.parseLong(e.get("event_id")), e.get("tag"))));
                    switch (d.path("source").asText()) {
                        case "ws" -> out.add(new CaptureLine(ts, CaptureLine.Kind.WS, ws, frame(exchange, json, flags)));
                        case "rest" -> out.add(new CaptureLine(ts, CaptureLine.Kind.REST, restPath(exchange, symbol, d), json));
                        default -> {
                            // a day_open snapshot is the recorder's own book, not something the exchange sent
                        }
                    }
                    if (exchange == Exchange.KRAKEN && !instrument && d.has("price_precision")) {
                        out.add(0, krakenInstrument(ts - 1, symbol, d));
                        instrument = true;
                    }
                }
                case "exchange_info" -> {
                    if (exchange == Exchange.KRAKEN && !instrument && "instrument".equals(d.path("kind").asText())) {
                        out.add(0, krakenInstrument(ts, symbol, d));
                        instrument = true;
                    } else if (exchange == Exchange.BITFINEX && "conf".equals(d.path("kind").asText())) {
                        out.add(new CaptureLine(ts, CaptureLine.Kind.WS, ws, "{\"event\":\"conf\",\"status\":\"OK\",\"flags\":"
                                + (flags & ~BitfinexParser.FLAG_SEQ_ALL) + "}"));
                    }
                }
                case "subscribed" -> {
                    if (exchange == Exchange.BITFINEX && d.has("chan_id")) {
                        String channel = d.path("channel").asText();
                        out.add(new CaptureLine(ts, CaptureLine.Kind.WS, ws, "{\"event\":\"subscribed\",\"channel\":\"" + channel + "\",\"chanId\":"
                                + d.get("chan_id").asLong() + ",\"symbol\":\"" + symbol + "\"" + (channel.equals("book") ? ",\"prec\":\"P0\",\"freq\":\"F0\",\"len\":\""
                                + d.path("depth").asInt(25) + "\"" : "") + "}"));
                    }
                }
                default -> {
                    // what the recorder concluded, not what the exchange sent
                }
            }
        }
        rawLines(dayDir.resolve(ContractFile.DEPTH_DIFFS.relativePath(fs, day)), exchange, ws, flags, out);
        rawLines(dayDir.resolve(ContractFile.TRADES_RAW.relativePath(fs, day)), exchange, ws, flags, out);
        out.sort((a, b) -> Long.compare(a.tsMs(), b.tsMs()));
        return out;
    }

    private static String frame(Exchange exchange, String raw, long flags) {
        return exchange == Exchange.BITFINEX ? BitfinexSequence.withoutSequence(raw, flags) : raw;
    }

    /** The path the recorder asks for a REST book snapshot (the capture answers it whatever the limit). */
    private static String restPath(Exchange exchange, String symbol, JsonNode d) {
        return switch (exchange) {
            case BINANCE -> "/binance/api/v3/depth?symbol=" + symbol + "&limit=" + Math.max(d.path("bids").asInt(), d.path("asks").asInt());
            case KRAKEN -> "/kraken/0/public/Depth?pair=" + symbol.replace("/", "") + "&count=" + d.path("bids").asInt();
            case BITFINEX -> "/bitfinex/v2/book/" + symbol + "/P0?len=" + d.path("bids").asInt();
        };
    }

    private static CaptureLine krakenInstrument(long ts, String symbol, JsonNode d) {
        return new CaptureLine(ts, CaptureLine.Kind.WS, "/kraken/v2", "{\"channel\":\"instrument\",\"type\":\"snapshot\",\"data\":{\"assets\":[],"
                + "\"pairs\":[{\"symbol\":\"" + symbol + "\",\"status\":\"online\",\"price_precision\":" + d.path("price_precision").asInt()
                + ",\"qty_precision\":" + d.path("qty_precision").asInt() + "}]}}");
    }

    /** The {@code raw} frames of a diffs or raw-trades file (the recorder writes {@code raw} last), at their receive times. */
    private static void rawLines(Path file, Exchange exchange, String ws, long flags, List<CaptureLine> out) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new StrictGzipInputStream(Files.newInputStream(file), file.toString()),
                StandardCharsets.UTF_8))) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                int at = line.indexOf(",\"raw\":");
                int ts = line.indexOf("\"recv_ts_us\":");
                if (at < 0 || ts < 0 || !line.endsWith("}")) {
                    throw new IOException(file + ":" + n + ": not a recorded line with recv_ts_us and raw");
                }
                int tsEnd = ts + 13;
                while (tsEnd < line.length() && Character.isDigit(line.charAt(tsEnd))) {
                    tsEnd++;
                }
                long recvMs = Long.parseLong(line.substring(ts + 13, tsEnd)) / 1000;
                out.add(new CaptureLine(recvMs, CaptureLine.Kind.WS, ws, frame(exchange, line.substring(at + 7, line.length() - 1), flags)));
            }
        }
    }

    private static List<CSVRecord> csv(Path file) throws IOException {
        try (Reader r = new InputStreamReader(new StrictGzipInputStream(Files.newInputStream(file), file.toString()), StandardCharsets.UTF_8)) {
            return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(r).getRecords();
        }
    }
}
