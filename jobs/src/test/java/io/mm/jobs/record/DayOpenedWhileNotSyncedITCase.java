package io.mm.jobs.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm.core.Exchange;
import io.mm.core.clock.RecorderClock;
import io.mm.jobs.serve.RestBooks;
import io.mm.jobs.serve.RestOverFiles;
import io.mm.simulator.fault.FaultSpec;
import io.mm.simulator.junit.SimulatorExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run that synced its books while no trading window was open (the window runs 00:02 to 00:00 the next day, UTC; the
 * run starts at 00:00:40 on a clock four times as fast) and was not synced when the window opened: its sockets lost and
 * refused across the opening, or a resync waiting for a slow REST snapshot. The day's {@code window_start} says how the
 * book stood; the replay and the relay take the book from there as the recorder did (the live run's epochs, only the
 * updates of the day), and every frame is rebuilt from the day's files alone. The market pauses at the end without a
 * stall, so the relay's book and epoch are compared with the recorder's. With overlapping windows (the previous day
 * still open), a Binance REST snapshot asked for before the opening and answered after it is asked for again, so that
 * the new day holds every update its snapshot needs.
 */
class DayOpenedWhileNotSyncedITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<Exchange, String> SYMBOLS = Recording.ONE_PER_EXCHANGE;

    @RegisterExtension
    final SimulatorExtension sim = SimulatorExtension.with(b -> b.seed(59).rate(40));

    @Test
    void aDayThatOpensWhileTheSocketIsDownResyncsIntoTheRunsNextEpoch(@TempDir Path dir) throws Exception {
        Collection<CSVRecord> opened = record(dir, e -> List.of(FaultSpec.refuseConnections(e, Duration.ofSeconds(6)), FaultSpec.closeSockets(e)));
        for (CSVRecord open : opened) {
            assertThat(open.get("state")).as("the day opened while the socket was down").isEqualTo("CONNECTING");
        }
    }

    @Test
    void aDayThatOpensDuringAResyncTakesOnlyItsOwnUpdatesOverTheSnapshot(@TempDir Path dir) throws Exception {
        // a lost update (Binance) or a wrong checksum: a resync whose REST snapshot is answered five seconds later
        Collection<CSVRecord> opened = record(dir, e -> List.of(FaultSpec.restSlow(e, Duration.ofSeconds(5), 1),
                e == Exchange.BINANCE ? FaultSpec.drop(e, SYMBOLS.get(e), 1) : FaultSpec.corruptChecksum(e, SYMBOLS.get(e), 1)));
        for (CSVRecord open : opened) {
            assertThat(open.get("state")).as("the day opened during the resync").isEqualTo("RESYNCING");
            assertThat(JSON.readTree(open.get("details")).path("own_updates_only").asBoolean())
                    .as("after a pause: what was buffered before the day is dropped").isTrue();
        }
    }

    @Test
    void aDayThatOpensDuringAResyncWhoseSnapshotWasTakenBeforeItRebuildsOnItsOwn(@TempDir Path dir) throws Exception {
        // overlapping windows (00:00 to 00:15 the next day): the snapshot is taken before the opening, answered after it
        long anchor = System.currentTimeMillis();
        Map<String, String> extra = Map.of("LIVE_STREAM", "1", "MM_CLOCK", Recording.clockSpec("2026-12-01T23:58:40Z", anchor),
                "WINDOW_TZ", "UTC", "WS_NO_DATA_WARN_S", "30");
        // Binance only: a Kraken or Bitfinex REST snapshot re-applies recent updates from one its checksum matches,
        // which may have come before the opening (docs/output_contract.md, window_start)
        Exchange e = Exchange.BINANCE;
        CSVRecord open = record(dir, anchor, extra, 6, x -> x != e ? List.of()
                : List.of(FaultSpec.restSlow(e, Duration.ofSeconds(5), 1), FaultSpec.drop(e, SYMBOLS.get(e), 1))).get(e);
        assertThat(open.get("state")).as("the day opened during the resync").isEqualTo("RESYNCING");
        assertThat(open.get("details")).as("the previous day holds what was buffered").doesNotContain("own_updates_only");
        Path day = dir.resolve("data").resolve(e.id()).resolve(io.mm.core.contract.SymbolFs.of(e, SYMBOLS.get(e))).resolve("20261202");
        assertThat(RecorderSimulatorITCase.rows(RecorderSimulatorITCase.file(day, "events_")).stream()
                .filter(x -> x.get("details").contains("REST snapshot asked for before the newest day opened")))
                .as("the snapshot taken before the opening is not used").hasSize(1);
    }

    /** Records across the window's opening with {@code faults} injected three seconds before it; the days' window_start rows. */
    private Collection<CSVRecord> record(Path dir, Function<Exchange, List<FaultSpec>> faults) throws Exception {
        long anchor = System.currentTimeMillis();
        Map<String, String> extra = Recording.pausedAfterMidnight("2026-12-02T00:00:40Z", anchor, Map.of("WS_NO_DATA_WARN_S", "30"));
        return record(dir, anchor, extra, 3, faults).values();
    }

    /** Records on {@code extra}'s clock, whose window opens 20 s (wall) after {@code anchor}; the last day's window_start rows. */
    private Map<Exchange, CSVRecord> record(Path dir, long anchor, Map<String, String> extra, int days, Function<Exchange, List<FaultSpec>> faults)
            throws Exception {
        RecorderClock clock = RecorderClock.parse(extra.get("MM_CLOCK"), anchor);
        Files.createDirectories(dir.resolve("data"));
        Recording r;
        try (RestOverFiles rest = RestOverFiles.start(dir.resolve("data"), () -> clock.nowMicros() / 1000)) {
            r = Recording.run(sim.simulator(), dir, Recording.ONE_PER_EXCHANGE_SYMBOLS, extra, rec -> {
                // the window opens 20 s (wall) after the clock's anchor; the books sync long before
                Thread.sleep(Math.max(0, anchor + 17_000 - System.currentTimeMillis()));
                for (Exchange e : SYMBOLS.keySet()) {
                    for (FaultSpec f : faults.apply(e)) {
                        rec.sim.inject(f);
                    }
                }
                Thread.sleep(6000);
                for (Map.Entry<Exchange, String> s : SYMBOLS.entrySet()) {
                    rec.awaitSynced(s.getKey(), s.getValue());
                }
                Thread.sleep(3000);
                rec.sim.pause();
                Thread.sleep(3000);
                for (Map.Entry<Exchange, String> s : SYMBOLS.entrySet()) {
                    JsonNode book = rest.book(s.getKey(), s.getValue(), 5);
                    RestBooks.assertIsTruth(book, rec.sim.trueBook(s.getKey(), s.getValue(), 5), 5);
                    List<CSVRecord> l = rec.ledger(s.getKey(), s.getValue());
                    assertThat(book.path("epoch").asInt()).as(s.getValue() + ": the relay's epoch is the recorder's")
                            .isEqualTo(Integer.parseInt(l.get(l.size() - 1).get("epoch")));
                }
                rec.stopAndCheckFinalBooks(SYMBOLS, 5);
            });
        }
        Map<Exchange, CSVRecord> opened = new java.util.EnumMap<>(Exchange.class);
        for (Map.Entry<Exchange, String> s : SYMBOLS.entrySet()) {
            List<CSVRecord> l = r.ledger(s.getKey(), s.getValue());
            String where = s.getValue() + " ledger " + l.stream().limit(4).map(x -> x.get("type") + " " + x.get("epoch") + " "
                    + x.get("state") + " " + x.get("details")).toList();
            CSVRecord open = l.stream().filter(x -> x.get("type").equals("window_start")).findFirst().orElseThrow();
            JsonNode d = JSON.readTree(open.get("details"));
            assertThat(d.path("ever_synced").asBoolean()).as(where).isTrue();
            assertThat(d.path("depth").asInt()).as(where + ": the depth the book is cut to")
                    .isEqualTo(s.getKey() == Exchange.BINANCE ? 0 : s.getKey() == Exchange.KRAKEN ? 10 : 25);
            assertThat(l.stream().filter(x -> x.get("type").equals("state_change") && x.get("details").contains("\"to\":\"SYNCED\""))
                    .map(x -> x.get("epoch")).findFirst()).as(where + ": the day's first sync is the run's resync").isNotEqualTo(
                            java.util.Optional.of("1"));
            opened.put(s.getKey(), open);
        }
        r.assertReplays(days);
        r.assertRebuiltFromTheFilesAlone();
        return opened;
    }
}
