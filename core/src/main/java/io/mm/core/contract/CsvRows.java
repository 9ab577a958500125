package io.mm.core.contract;

import io.mm.core.ledger.Gap;
import io.mm.core.ledger.LedgerEvent;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * RFC 4180 with {@code \n} line ends, through Commons CSV: the format of every CSV in the contract. The
 * book-frame and trade rows (numbers only, never quoted) are rendered by their own writers; rows that can
 * hold free text (events, gaps, snapshots) go through here.
 */
public final class CsvRows {
    /** Writing: RFC 4180, {@code \n}, quotes only where needed. */
    public static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator('\n').get();

    private CsvRows() {}

    public static String eventRow(LedgerEvent e) {
        return row(List.of(Long.toString(e.eventId()), Long.toString(e.tsUs()), Long.toString(e.recvSeq()), e.runId(),
                Integer.toString(e.epoch()), e.type().csvName(), e.state() == null ? "" : e.state().name(),
                e.tag() == null ? "" : e.tag(), e.details() == null ? "{}" : e.details()));
    }

    public static String gapRow(Gap g) {
        return row(List.of(Long.toString(g.tsUs()), Long.toString(g.recvSeq()), Integer.toString(g.epoch()), g.kind().csvName(),
                nz(g.expected()), nz(g.got()), g.details() == null ? "{}" : g.details()));
    }

    /** One CSV line with its {@code \n}. */
    public static String row(List<String> cells) {
        StringBuilder sb = new StringBuilder(64);
        try (CSVPrinter p = new CSVPrinter(sb, FORMAT)) {
            p.printRecord(cells);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringBuilder does not fail
        }
        return sb.toString();
    }

    /** Parses CSV text (header included) into records; for readers and tests. */
    public static List<CSVRecord> parse(String text) throws IOException {
        try (CSVParser p = CSVParser.builder().setReader(new StringReader(text))
                .setFormat(CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()).get()) {
            return p.getRecords();
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
