package io.mm.jobs.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm.core.Exchange;
import io.mm.core.clock.RecorderClock;
import io.mm.core.window.TradingWindow;
import io.mm.jobs.serve.RestBooks;
import io.mm.jobs.serve.RestOverFiles;
import io.mm.simulator.junit.SimulatorExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recorder started while no trading window is open (the window runs 00:02 to 00:00 the next day, UTC; the run
 * starts at 00:00:40 on a clock four times as fast): nothing is written during the pause, and the day that opens
 * begins with the run's {@code run_start} (when the run really started, which symbol, which run), its connection's
 * {@code ws_open} and the window's {@code window_start}, so the day names its run, replays on its own, and the relay's
 * books rebuilt from it equal the exchange's. The market pauses at the end without a stall (a recorder that reconnects
 * then cannot sync a Binance book until the market moves, and serve says so).
 */
class RunStartedBetweenWindowsITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<Exchange, String> SYMBOLS = Recording.ONE_PER_EXCHANGE;

    @RegisterExtension
    final SimulatorExtension sim = SimulatorExtension.with(b -> b.seed(53).rate(40));

    @Test
    void theDayThatOpensNamesTheRunThatStartedBeforeItAndReplaysOnItsOwn(@TempDir Path dir) throws Exception {
        long anchor = System.currentTimeMillis();
        Map<String, String> extra = Recording.pausedAfterMidnight("2026-12-02T00:00:40Z", anchor, Map.of("WS_NO_DATA_WARN_S", "30"));
        long opensUs = TradingWindow.parse("UTC", "00:02", "00:00", "1").windowStartUs(LocalDate.of(2026, 12, 2));
        RecorderClock clock = RecorderClock.parse(extra.get("MM_CLOCK"), anchor);
        Files.createDirectories(dir.resolve("data"));
        Recording r;
        try (RestOverFiles rest = RestOverFiles.start(dir.resolve("data"), () -> clock.nowMicros() / 1000)) {
            r = Recording.run(sim.simulator(), dir, Recording.ONE_PER_EXCHANGE_SYMBOLS, extra, rec -> {
                for (Map.Entry<Exchange, String> s : SYMBOLS.entrySet()) {
                    // the window opens 20 s (wall) after the start; then a few seconds of recording
                    rec.await(s.getKey(), s.getValue(), Recording.type("window_start"), 0, "window_start");
                    rec.awaitSynced(s.getKey(), s.getValue());
                }
                Thread.sleep(4000);
                rec.sim.pause();
                Thread.sleep(3000);
                for (Map.Entry<Exchange, String> s : SYMBOLS.entrySet()) {
                    // the relay's book, rebuilt from the day that begins with the held rows, is the exchange's
                    RestBooks.assertIsTruth(rest.book(s.getKey(), s.getValue(), 5), rec.sim.trueBook(s.getKey(), s.getValue(), 5), 5);
                }
                rec.stopAndCheckFinalBooks(SYMBOLS, 5);
            });
        }
        for (Map.Entry<Exchange, String> s : SYMBOLS.entrySet()) {
            List<CSVRecord> l = r.ledger(s.getKey(), s.getValue());
            String where = s.getValue() + " ledger " + l.stream().limit(6).map(x -> x.get("type") + " " + x.get("ts_us") + " "
                    + x.get("details")).toList();
            assertThat(l.stream().limit(4).map(x -> x.get("type")).toList()).as(where)
                    .containsExactly("run_start", "ws_open", "window_start", "snapshot");
            JsonNode start = JSON.readTree(l.get(0).get("details"));
            assertThat(start.path("symbol").asText()).as(where).isEqualTo(s.getValue());
            assertThat(start.path("run_id").asText()).as(where).isNotEmpty();
            assertThat(start.path("started_ts_us").asLong()).as(where + ": the run started during the pause")
                    .isBetween(opensUs - 80_000_000L, opensUs - 1); // the clock starts 80 s before the window opens
            JsonNode open = JSON.readTree(l.get(1).get("details"));
            assertThat(open.path("opened_ts_us").asLong()).as(where + ": the socket opened during the pause")
                    .isBetween(start.path("started_ts_us").asLong(), opensUs - 1);
            long written = Long.parseLong(l.get(0).get("ts_us"));
            assertThat(written).as(where + ": written when the window opened").isBetween(opensUs, opensUs + 2_000_000L);
            assertThat(l.stream().limit(4).map(x -> Long.parseLong(x.get("ts_us"))).distinct().toList()).as(where).containsExactly(written);
            assertThat(l.get(3).get("tag")).as(where).isEqualTo("day_open");
        }
        r.assertReplays(3);
        r.assertRebuiltFromTheFilesAlone();
    }
}
