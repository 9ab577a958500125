package io.mm.jobs.record;

import static io.mm.jobs.record.RecorderSimulatorITCase.rows;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mm.core.Exchange;
import io.mm.core.config.SettingsReader;
import io.mm.core.contract.SymbolFs;
import io.mm.core.recorded.Coverage;
import io.mm.core.recorded.RecordedSymbol;
import io.mm.jobs.serve.RestBooks;
import io.mm.jobs.serve.RestOverFiles;
import io.mm.simulator.TrueBook;
import io.mm.simulator.junit.SimulatorExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.commons.csv.CSVRecord;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/mm down} in the evening, {@code bin/mm up} the next morning: the recorder stops with a savepoint at 18:00
 * and resumes from it at 09:00 the next day, after its day's trading window (to 00:15) ended. The evening's day says
 * where its run stopped listening (nothing claims the night was heard, so candles for it come from the exchange),
 * and the new day starts without a {@code day_open} book: the checkpointed book is fifteen hours old. The relay's
 * books rebuilt from that day equal the exchange's, in the recorder's epoch.
 */
class RestoredAfterItsDayEndedITCase {
    private static final Map<Exchange, String> SYMBOLS = Map.of(Exchange.BINANCE, "BTCUSDT", Exchange.KRAKEN, "BTC/USD",
            Exchange.BITFINEX, "tBTCUSD");

    @RegisterExtension
    final SimulatorExtension sim = SimulatorExtension.with(b -> b.seed(59).rate(40));

    private static JobClient start(Map<String, String> env, String clockStart, String savepoint) throws Exception {
        long anchor = System.currentTimeMillis();
        env.put("MM_CLOCK", "start=" + clockStart + ",speed=1,anchor=" + anchor);
        return RecorderSimulatorITCase.start(RecordJobSettings.from(new SettingsReader(env), RecordJobSettings.newRunId(), anchor), savepoint);
    }

    private static List<CSVRecord> ledger(Path data, Exchange e, String symbol, String day) {
        Path f = data.resolve(e.id()).resolve(SymbolFs.of(e, symbol)).resolve(day).resolve("events_" + SymbolFs.of(e, symbol) + "_" + day + ".csv.gz");
        try {
            return Files.exists(f) ? rows(f) : List.of();
        } catch (Exception x) {
            return List.of();
        }
    }

    private static void awaitSynced(Path data, String day) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        for (Map.Entry<Exchange, String> s : SYMBOLS.entrySet()) {
            while (ledger(data, s.getKey(), s.getValue(), day).stream().noneMatch(r -> r.get("state").equals("SYNCED"))) {
                assertThat(System.currentTimeMillis()).as(s.getValue() + " synced in " + day + ": "
                        + ledger(data, s.getKey(), s.getValue(), day).stream().map(r -> r.get("type") + " " + r.get("details")).toList())
                        .isLessThan(deadline);
                Thread.sleep(250);
            }
        }
    }

    @Test
    void theEveningsDayEndsWhereItsRunStoppedAndTheMorningsDayTakesNoStaleBook(@TempDir Path dir) throws Exception {
        Map<String, String> env = RecorderSimulatorITCase.environment(sim.simulator(), dir);
        env.put("SYMBOL", "binance:BTCUSDT,kraken:BTC/USD,bitfinex:tBTCUSD");
        env.put("WINDOW_TZ", "UTC");
        env.put("PARALLELISM", "1");
        env.put("HEARTBEAT_SEC", "1"); // the ledger says every second that the run is there
        env.put("LIVE_STREAM", "1");
        Path data = dir.resolve("data");
        JobClient job = start(env, "2026-12-01T18:00:00Z", null);
        String savepoint;
        try {
            awaitSynced(data, "20261201");
            Thread.sleep(6000);
            savepoint = job.stopWithSavepoint(false, dir.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
                    .get(2, TimeUnit.MINUTES);
            job.getJobExecutionResult().get(2, TimeUnit.MINUTES);
        } catch (Exception | AssertionError e) {
            job.cancel();
            throw e;
        }
        job = start(env, "2026-12-02T09:00:00Z", savepoint);
        Map<Exchange, JsonNode> relayBooks = new java.util.EnumMap<>(Exchange.class);
        Map<Exchange, TrueBook> truths = new java.util.EnumMap<>(Exchange.class);
        RestOverFiles rest = RestOverFiles.start(data, System::currentTimeMillis);
        try {
            awaitSynced(data, "20261202");
            Thread.sleep(3000);
            sim.simulator().pause();
            Thread.sleep(3000);
            for (Map.Entry<Exchange, String> s : SYMBOLS.entrySet()) {
                relayBooks.put(s.getKey(), rest.book(s.getKey(), s.getValue(), 5));
                truths.put(s.getKey(), sim.simulator().trueBook(s.getKey(), s.getValue(), 5));
            }
            job.stopWithSavepoint(false, dir.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL).get(2, TimeUnit.MINUTES);
            job.getJobExecutionResult().get(2, TimeUnit.MINUTES);
        } catch (Exception | AssertionError e) {
            job.cancel();
            throw e;
        } finally {
            sim.simulator().resume();
            rest.close();
        }
        // a relay started now rebuilds each book from the morning's day, which begins with the restore
        Map<Exchange, JsonNode> rebuiltBooks = new java.util.EnumMap<>(Exchange.class);
        try (RestOverFiles late = RestOverFiles.start(data, System::currentTimeMillis)) {
            for (Map.Entry<Exchange, String> s : SYMBOLS.entrySet()) {
                rebuiltBooks.put(s.getKey(), late.book(s.getKey(), s.getValue(), 5));
            }
        }
        for (Map.Entry<Exchange, String> s : SYMBOLS.entrySet()) {
            // the relay's books, followed across the restore and rebuilt after it, are the exchange's, in the recorder's epoch
            for (JsonNode b : List.of(relayBooks.get(s.getKey()), rebuiltBooks.get(s.getKey()))) {
                List<CSVRecord> frames = rows(data.resolve(s.getKey().id()).resolve(SymbolFs.of(s.getKey(), s.getValue())).resolve("20261202")
                        .resolve("orderbook_ws_depth_" + SymbolFs.of(s.getKey(), s.getValue()) + "_20261202.csv.gz"));
                CSVRecord last = frames.get(frames.size() - 1);
                assertThat(b.path("epoch").asText()).as(s.getValue() + " relay " + b).isEqualTo(last.get("epoch"));
                RestBooks.assertIsTruth(b, truths.get(s.getKey()), 5);
            }
        }
        long evening = Instant.parse("2026-12-01T18:00:00Z").toEpochMilli();
        long morning = Instant.parse("2026-12-02T09:00:00Z").toEpochMilli();
        for (Map.Entry<Exchange, String> s : SYMBOLS.entrySet()) {
            List<CSVRecord> d1 = ledger(data, s.getKey(), s.getValue(), "20261201");
            List<CSVRecord> d2 = ledger(data, s.getKey(), s.getValue(), "20261202");
            String where = s.getValue() + " 20261201 ends " + d1.subList(Math.max(0, d1.size() - 4), d1.size()).stream()
                    .map(r -> r.get("type") + " " + r.get("ts_us") + " " + r.get("details")).toList() + ", 20261202 begins "
                    + d2.stream().limit(5).map(r -> r.get("type") + " " + r.get("tag") + " " + r.get("ts_us")).toList();
            assertThat(d2.stream().filter(r -> r.get("tag").equals("day_open")).toList()).as(where + ": a day_open of the checkpoint's book")
                    .isEmpty();
            assertThat(d2.get(0).get("type")).as(where).isEqualTo("window_start");
            assertThat(d2.stream().map(r -> r.get("type")).toList()).as(where + ": the day names the restored run").contains("recovery");

            Coverage c = Coverage.of(s.getKey(), RecordedSymbol.read(data, s.getKey(), s.getValue(), evening, morning + 3_600_000).events(), 0);
            String spans = where + "; spans " + c.list().stream().map(x -> Instant.ofEpochMilli(x[0]) + ".." + Instant.ofEpochMilli(x[1])).toList();
            int restored = d1.stream().map(r -> r.get("type")).toList().indexOf("recovery");
            assertThat(restored).as(where + ": the day says where its run was restored").isPositive();
            long lastHeard = Long.parseLong(d1.get(restored - 1).get("ts_us")) / 1000;
            assertThat(lastHeard).as(where).isBetween(evening, evening + 60_000);
            assertThat(c.covers(lastHeard - 2_000, lastHeard - 1_000)).as(spans + ": the evening was heard").isTrue();
            assertThat(c.covers(lastHeard + 1_000, lastHeard + 2_000)).as(spans + ": the run stopped there").isFalse();
            assertThat(c.covers(Instant.parse("2026-12-01T23:00:00Z").toEpochMilli(), Instant.parse("2026-12-01T23:01:00Z").toEpochMilli()))
                    .as(spans + ": the night").isFalse();
            assertThat(c.covers(morning - 60_000, morning - 1)).as(spans + ": before the restart").isFalse();
        }
        Recording.assertReplaysDays(data, 6);
    }
}
