package io.mm.jobs.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.Exchange;
import io.mm.core.contract.SymbolFs;
import io.mm.core.config.SettingsReader;
import io.mm.simulator.Simulator;
import io.mm.simulator.TrueBook;
import io.mm.simulator.junit.SimulatorExtension;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recorder job on a MiniCluster against the simulator over real sockets, all three exchanges at once:
 * every book syncs, no gap, and once the market is paused each symbol's last committed book frame equals the
 * simulator's true book.
 */
public class RecorderSimulatorITCase {
    static final Map<Exchange, List<String>> SYMBOLS = Map.of(Exchange.BINANCE, List.of("BTCUSDT", "ETHUSDT"), Exchange.KRAKEN,
            List.of("BTC/USD", "ETH/USD"), Exchange.BITFINEX, List.of("tBTCUSD", "tXRPBTC"));

    @RegisterExtension
    static final SimulatorExtension SIM = SimulatorExtension.with(b -> b.seed(9).rate(100));

    public static Map<String, String> environment(Simulator sim, Path dir) {
        Map<String, String> env = new HashMap<>(sim.urls().environment());
        env.put("SYMBOL", "binance:BTCUSDT,binance:ETHUSDT,kraken:BTC/USD,kraken:ETH/USD,bitfinex:tBTCUSD,bitfinex:tXRPBTC");
        env.put("DATA_DIR", dir.resolve("data").toString());
        env.put("BUFFER_FLUSH_INTERVAL_SEC", "1");
        env.put("PARALLELISM", "2");
        env.put("SINK_FSYNC", "0");
        env.put("LIVE_STREAM", "0");
        env.put("WINDOW_TZ", zoneAtNoon());
        return env;
    }

    /**
     * A trading-window zone in which it is about noon now: a test on the real clock meets neither a day roll nor the
     * 00:00-00:15 overlap of two days (both day directories written), whenever it runs.
     */
    public static String zoneAtNoon() {
        return java.time.ZoneOffset.ofHours(12 - java.time.LocalTime.now(java.time.ZoneOffset.UTC).getHour()).getId();
    }

    public static JobClient start(RecordJobSettings c) throws Exception {
        return start(c, null);
    }

    /** The recorder on a MiniCluster, resumed from {@code savepoint} unless it is null. */
    public static JobClient start(RecordJobSettings c, String savepoint) throws Exception {
        org.apache.flink.configuration.Configuration conf = RecorderJob.flinkConfiguration(c);
        if (savepoint != null) {
            conf.set(org.apache.flink.configuration.StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
        env.setParallelism(c.parallelism);
        RecorderJob.build(env, c);
        return env.executeAsync("recorder under test");
    }

    /** The only day directory of a symbol. */
    static Path dayDir(Path data, Exchange e, String symbol) throws IOException {
        Path symbolDir = data.resolve(e.id()).resolve(SymbolFs.of(e, symbol));
        try (Stream<Path> days = Files.list(symbolDir)) {
            List<Path> l = days.filter(Files::isDirectory).toList();
            assertThat(l).as(symbolDir + " day directories").hasSize(1);
            return l.get(0);
        }
    }

    public static List<CSVRecord> rows(Path gz) throws IOException {
        try (Reader r = new InputStreamReader(new GZIPInputStream(Files.newInputStream(gz)), StandardCharsets.UTF_8)) {
            return new ArrayList<>(CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r).getRecords());
        }
    }

    public static Path file(Path day, String prefix) throws IOException {
        try (Stream<Path> s = Files.list(day)) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError(prefix + " in " + day));
        }
    }

    static boolean allSynced(Path data) {
        try {
            for (var e : SYMBOLS.entrySet()) {
                for (String s : e.getValue()) {
                    Path day = dayDir(data, e.getKey(), s);
                    if (rows(file(day, "events_")).stream().noneMatch(r -> r.get("state").equals("SYNCED"))) {
                        return false;
                    }
                }
            }
            return true;
        } catch (IOException | AssertionError e) {
            return false;
        }
    }

    @Test
    void everyExchangeSyncsWithoutGapsAndTheLastFrameEqualsTheTrueBook(@TempDir Path dir) throws Exception {
        Simulator sim = SIM.simulator();
        RecordJobSettings c = RecordJobSettings.from(new SettingsReader(environment(sim, dir)), RecordJobSettings.newRunId(), System.currentTimeMillis());
        Path data = dir.resolve("data");
        JobClient job = start(c);
        Map<String, TrueBook> truth = new HashMap<>();
        try {
            long deadline = System.currentTimeMillis() + 90_000;
            while (!allSynced(data) && System.currentTimeMillis() < deadline) {
                Thread.sleep(500);
            }
            assertThat(allSynced(data)).as("every symbol SYNCED in a committed ledger").isTrue();
            Thread.sleep(3000); // a few seconds of synced recording
            sim.pause();
            Thread.sleep(2000); // the recorder reads what was sent before the pause
            SYMBOLS.forEach((e, l) -> l.forEach(s -> truth.put(e.id() + ":" + s, sim.trueBook(e, s, 20))));
            job.stopWithSavepoint(true, dir.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL).get(2, TimeUnit.MINUTES);
            job.getJobExecutionResult().get(2, TimeUnit.MINUTES);
        } catch (Exception | AssertionError e) {
            job.cancel();
            throw e;
        } finally {
            sim.resume();
        }
        for (var e : SYMBOLS.entrySet()) {
            for (String s : e.getValue()) {
                Path day = dayDir(data, e.getKey(), s);
                assertThat(Files.exists(day.resolve("gaps_" + SymbolFs.of(e.getKey(), s) + "_" + day.getFileName() + ".csv.gz")))
                        .as(s + " has no gap rows").isFalse();
                List<CSVRecord> events = rows(file(day, "events_"));
                assertThat(events.stream().filter(r -> r.get("type").equals("state_change") && r.get("state").equals("SYNCED")))
                        .as(s + " synced once").hasSize(1);
                assertThat(events.get(events.size() - 1).get("type")).isEqualTo("run_end");
                List<CSVRecord> frames = rows(file(day, "orderbook_ws_depth_"));
                assertThat(frames).as(s + " frames").hasSizeGreaterThan(20);
                CSVRecord last = frames.get(frames.size() - 1);
                TrueBook t = truth.get(e.getKey().id() + ":" + s);
                int levels = e.getKey() == Exchange.KRAKEN ? 10 : 20; // Kraken's book channel depth defaults to 10
                for (int i = 1; i <= 20; i++) {
                    if (i > levels) {
                        assertThat(last.get("bid_px_" + i)).isEmpty();
                        continue;
                    }
                    assertThat(new BigDecimal(last.get("bid_px_" + i))).as(s + " bid_px_" + i).isEqualByComparingTo(t.bids().get(i - 1).price());
                    assertThat(new BigDecimal(last.get("bid_qty_" + i))).as(s + " bid_qty_" + i).isEqualByComparingTo(t.bids().get(i - 1).qty());
                    assertThat(new BigDecimal(last.get("ask_px_" + i))).as(s + " ask_px_" + i).isEqualByComparingTo(t.asks().get(i - 1).price());
                    assertThat(new BigDecimal(last.get("ask_qty_" + i))).as(s + " ask_qty_" + i).isEqualByComparingTo(t.asks().get(i - 1).qty());
                }
                if (e.getKey() == Exchange.BINANCE) {
                    assertThat(Long.parseLong(last.get("last_update_id"))).isEqualTo(t.updateId());
                }
                List<CSVRecord> trades = rows(file(day, "trades_ws_"));
                assertThat(trades).as(s + " trades").isNotEmpty();
                for (int i = 1; i < trades.size(); i++) {
                    assertThat(Long.parseLong(trades.get(i).get("trade_id"))).as(s + " trade ids contiguous")
                            .isEqualTo(Long.parseLong(trades.get(i - 1).get("trade_id")) + 1);
                }
            }
        }
    }
}
