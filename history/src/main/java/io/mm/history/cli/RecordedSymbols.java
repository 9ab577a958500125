package io.mm.history.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm.core.Exchange;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * The symbols recorded under a data directory, as the recorder was given them: a symbol directory's name drops
 * characters ({@code BTC/USD} is {@code BTCUSD}), so the name comes from the {@code run_start} row of its first
 * ledger.
 */
final class RecordedSymbols {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RecordedSymbols() {}

    /** {exchange id, symbol} of every symbol directory with a day directory, sorted; {@code exchange} null for all. */
    static List<String[]> under(Path data, String exchange) throws IOException {
        if (!Files.isDirectory(data)) {
            throw new IOException(data + " is not a directory");
        }
        Exchange only = exchange == null ? null : Exchange.parse(exchange);
        List<String[]> out = new ArrayList<>();
        for (Exchange e : Exchange.values()) {
            Path dir = data.resolve(e.id());
            if (only != null && e != only || !Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> symbols = Files.list(dir)) {
                for (Path sd : symbols.filter(Files::isDirectory).sorted().toList()) {
                    List<Path> days;
                    try (Stream<Path> d = Files.list(sd)) {
                        days = d.filter(p -> Files.isDirectory(p) && p.getFileName().toString().matches("\\d{8}")).sorted().toList();
                    }
                    if (!days.isEmpty()) {
                        out.add(new String[] {e.id(), name(days.get(0), sd.getFileName().toString())});
                    }
                }
            }
        }
        return out;
    }

    /** The symbol of a day's {@code run_start} row, or the directory's name when the ledger does not say. */
    private static String name(Path day, String fallback) {
        try (Stream<Path> files = Files.list(day)) {
            Path events = files.filter(p -> p.getFileName().toString().startsWith("events_")).findFirst().orElse(null);
            if (events == null) {
                return fallback;
            }
            try (Reader r = new InputStreamReader(new GZIPInputStream(Files.newInputStream(events)), StandardCharsets.UTF_8)) {
                for (CSVRecord row : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
                    if (row.get("type").equals("run_start")) {
                        String s = JSON.readTree(row.get("details")).path("symbol").asText("");
                        return s.isEmpty() ? fallback : s;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return fallback; // the combine reports an unreadable ledger with its file
        }
        return fallback;
    }
}
