package io.mm.cli.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.Exchange;
import io.mm.core.recorded.Coverage;
import io.mm.core.recorded.RecordedSymbol;
import io.mm.jobs.record.Recording;
import io.mm.simulator.Simulator;
import io.mm.simulator.fault.FaultKind;
import io.mm.simulator.fault.FaultRecord;
import io.mm.simulator.fault.FaultSpec;
import io.mm.validator.DayReport;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bitfinex's per-connection sequence numbers against the recorder: every hole, repeat or reorder on a book or a
 * trades channel is a {@code sequence} gap row (a hole for every symbol of the connection, which may each have
 * lost the message), books are proven by their next checksum or resynced, and the validator agrees with the
 * live ledger. A server that grants sequence numbers without checksums gives unproven books kept by sequence
 * continuity; one that grants neither, an error.
 */
class BitfinexSequenceITCase {
    static final Exchange F = Exchange.BITFINEX;
    static final String SYMBOLS = "bitfinex:tBTCUSD,bitfinex:tXRPBTC";

    private static Simulator simulator(long grantedFlags) {
        return Simulator.builder().seed(23).rate(100).exchanges(java.util.Set.of(F)).bitfinexGrantedFlags(grantedFlags).build().start();
    }

    private static long sequenceGaps(Recording r, String symbol, String issue) throws Exception {
        return r.gaps(F, symbol).stream().filter(g -> g.get("kind").equals("sequence") && g.get("details").contains("\"issue\":\"" + issue + "\""))
                .count();
    }

    /** Trade ids a fault log names ({@code trade [ID,MTS,...]}). */
    private static List<Long> tradeIds(Simulator s, FaultKind kind) {
        Pattern id = Pattern.compile("trade \\[(\\d+),");
        return s.faultLog().stream().filter(f -> f.kind() == kind).map(FaultRecord::detail).map(id::matcher).filter(Matcher::find)
                .map(m -> Long.parseLong(m.group(1))).toList();
    }

    @Test
    void holesRepeatsAndReordersOnBookAndTradesChannelsAreGapRowsAndTheBooksEndRight(@TempDir Path dir) throws Exception {
        try (Simulator s = simulator(-1L)) {
            Recording rec = Recording.run(s, dir, SYMBOLS, Map.of(), r -> {
                r.awaitSynced(F, "tXRPBTC");
                // a lost book message: a hole for both symbols, tBTCUSD's next checksum disagrees, a resync
                r.fault(F, "tBTCUSD", FaultSpec.drop(F, "tBTCUSD", 1), Recording.type("resync_done"), "resync after a lost book message");
                // tXRPBTC lost nothing: its next checksum proves its book
                r.await(F, "tXRPBTC", Recording.type("book_proven"), 0, "book proven after the hole");
                // a repeated book message is not applied twice: the book stays right and is proven
                long proven = r.count(F, "tBTCUSD", Recording.type("book_proven"));
                r.fault(F, "tBTCUSD", FaultSpec.duplicate(F, "tBTCUSD", 1), Recording.type("book_proven"), "book proven after a repeat");
                assertThat(r.count(F, "tBTCUSD", Recording.type("book_proven"))).isGreaterThan(proven);
                // two book messages swapped: a hole, then the late one dropped; the checksum decides
                r.fault(F, "tBTCUSD", FaultSpec.reorder(F, "tBTCUSD", 1), x -> x.get("type").equals("gap") && x.get("details").contains("late"),
                        "a late book message");
                // trades: one lost (te and tu), one repeated, one swapped
                r.fault(F, "tBTCUSD", FaultSpec.tradeDrop(F, "tBTCUSD", 1), x -> x.get("type").equals("gap") && x.get("details").contains("hole"),
                        "a hole for a lost trade");
                r.fault(F, "tBTCUSD", FaultSpec.tradeDuplicate(F, "tBTCUSD", 1),
                        x -> x.get("type").equals("gap") && x.get("details").contains("duplicate") && x.get("details").contains("trades"),
                        "a repeated trade message");
                r.fault(F, "tBTCUSD", FaultSpec.tradeReorder(F, "tBTCUSD", 1),
                        x -> x.get("type").equals("gap") && x.get("details").contains("late") && x.get("details").contains("trades"),
                        "a late trade message");
                r.stopAndCheckFinalBook(F, "tBTCUSD", 20);
            });
            // both symbols share the connection: every hole is a gap row in each
            assertThat(sequenceGaps(rec, "tBTCUSD", "hole")).isGreaterThanOrEqualTo(4);
            assertThat(sequenceGaps(rec, "tXRPBTC", "hole")).isEqualTo(sequenceGaps(rec, "tBTCUSD", "hole"));
            assertThat(sequenceGaps(rec, "tBTCUSD", "duplicate")).isGreaterThanOrEqualTo(2);
            assertThat(sequenceGaps(rec, "tBTCUSD", "late")).isGreaterThanOrEqualTo(2);
            assertThat(sequenceGaps(rec, "tXRPBTC", "duplicate") + sequenceGaps(rec, "tXRPBTC", "late")).isZero();
            // a hole's row says which trades may be missing
            assertThat(rec.gaps(F, "tBTCUSD")).filteredOn(g -> g.get("details").contains("hole"))
                    .allSatisfy(g -> assertThat(g.get("details")).contains("\"trades\":\"possibly incomplete\"").contains("since_recv_ts_us"));
            // candles built from the recorded trades (combine, the metrics) do not trust the span of a hole
            long now = System.currentTimeMillis();
            Coverage listened = Coverage.of(F, RecordedSymbol.read(rec.data, F, "tBTCUSD", now - 86_400_000L, now).events(), 0);
            assertThat(listened.spans()).isPositive();
            assertThat(rec.gaps(F, "tBTCUSD")).filteredOn(g -> g.get("details").contains("hole")).allSatisfy(g -> {
                long atMs = Long.parseLong(g.get("ts_us")) / 1000;
                assertThat(listened.covers(atMs - 1, atMs + 1)).as(g.toString()).isFalse();
            });
            // the trades: the lost one is missing, the repeated and the swapped ones are there once
            Map<Long, Long> trades = rec.rowsOf(F, "tBTCUSD", "trades_ws_").stream()
                    .collect(Collectors.groupingBy(t -> Long.parseLong(t.get("trade_id")), Collectors.counting()));
            assertThat(tradeIds(s, FaultKind.TRADE_DROP)).singleElement().satisfies(id -> assertThat(trades).doesNotContainKey(id));
            assertThat(tradeIds(s, FaultKind.TRADE_DUPLICATE)).singleElement().satisfies(id -> assertThat(trades).containsEntry(id, 1L));
            assertThat(tradeIds(s, FaultKind.TRADE_REORDER)).singleElement().satisfies(id -> assertThat(trades).containsEntry(id, 1L));
            // the validator replays the same sequence gaps the live run recorded
            for (DayReport d : rec.assertReplays(2)) {
                assertThat(d.gapsRecorded()).containsKey("sequence");
                assertThat(d.exitCode()).isEqualTo(1);
            }
            rec.assertRebuiltFromTheFilesAlone();
            // bin/mm validate says so with exit 1, and its console holds its report only (Flink's lines go to the log file)
            Process v = RecorderProcess.start(dir, "validate", null, Map.of(), List.of("validate", "--data-dir", rec.data.toString(),
                    "--no-progress"));
            assertThat(v.waitFor(180, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            String out = java.nio.file.Files.readString(dir.resolve("validate.log"));
            assertThat(v.exitValue()).as(out).isEqualTo(1);
            assertThat(out.lines().toList()).as(out).hasSizeGreaterThanOrEqualTo(3).allSatisfy(l -> assertThat(
                    l.startsWith(rec.data.toString()) || l.startsWith("    ") || l.matches("\\d+ day\\(s\\): .*")).as(l).isTrue());
        }
    }

    @Test
    void withSequenceNumbersOnlyTheBooksAreUnprovenButRightAndAHoleResyncsThem(@TempDir Path dir) throws Exception {
        try (Simulator s = simulator(65536 + 32768)) {
            Recording rec = Recording.run(s, dir, SYMBOLS, Map.of(), r -> {
                r.awaitSynced(F, "tBTCUSD");
                r.awaitSynced(F, "tXRPBTC");
                // one book message lost: a hole, the connection starts again, the books from fresh snapshots
                r.fault(F, "tBTCUSD", FaultSpec.drop(F, "tBTCUSD", 1), Recording.type("reconnect"), "reconnect after a hole");
                r.stopAndCheckFinalBook(F, "tBTCUSD", 20);
            });
            List<CSVRecord> ledger = rec.ledger(F, "tBTCUSD");
            assertThat(ledger).filteredOn(Recording.type("warning")).extracting(x -> x.get("details"))
                    .anySatisfy(d -> assertThat(d).contains("no checksums granted"));
            assertThat(ledger).filteredOn(Recording.type("state_change")).extracting(x -> x.get("details"))
                    .anySatisfy(d -> assertThat(d).contains("unproven"));
            assertThat(sequenceGaps(rec, "tBTCUSD", "hole")).isGreaterThanOrEqualTo(1);
            assertThat(rec.rowsOf(F, "tBTCUSD", "orderbook_ws_depth_")).isNotEmpty();
            for (DayReport d : rec.assertReplays(2)) {
                assertThat(d.exitCode()).as(d.summary()).isEqualTo(1);
            }
            rec.assertRebuiltFromTheFilesAlone();
        }
    }

    @Test
    void withNeitherChecksumsNorSequenceNumbersTheLedgerSaysSo(@TempDir Path dir) throws Exception {
        try (Simulator s = simulator(32768)) {
            Recording rec = Recording.run(s, dir, SYMBOLS, Map.of(), r -> {
                r.await(F, "tBTCUSD", Recording.type("exchange_error"), 0, "an error for the declined flags");
                r.awaitSynced(F, "tBTCUSD");
                r.stopAndCheckFinalBook(F, "tBTCUSD", 20);
            });
            assertThat(rec.ledger(F, "tBTCUSD")).filteredOn(Recording.type("exchange_error")).extracting(x -> x.get("details"))
                    .anySatisfy(d -> assertThat(d).contains("neither checksums nor sequence numbers granted"));
        }
    }
}
