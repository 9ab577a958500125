package io.mm.operators.book;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm.core.contract.ContractFile;
import io.mm.core.contract.FileRecord;
import io.mm.core.feed.RawFrame;
import io.mm.operators.RecorderSettings;
import io.mm.operators.testkit.KrakenSession;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real Kraken BTC/USD WS v2 session, framed as the source would hand it over, through the keyed operator
 * on a MiniCluster: 510 verified frames, the snapshot files, and the ledger of what happened.
 */
class BookSyncOperatorKrakenITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI = new MiniClusterExtension();

    private static final ObjectMapper JSON = new ObjectMapper();

    static List<RawFrame> session() throws Exception {
        return KrakenSession.frames();
    }

    private static Emitted run(List<RawFrame> frames) throws Exception {
        return run(frames, 10);
    }

    private static Emitted run(List<RawFrame> frames, int krakenDepth) throws Exception {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false); // no state or record may fall back to Kryo
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        RecorderSettings settings = RecorderSettings.defaults("run-1").withWindow("UTC", "00:00", "00:15", "1")
                .withTelemetry(0, 30).withOutputs(10, true, false).withBooks(1000, krakenDepth, 10_000)
                // the recorder's clock, driven to the session's time, as the source's receive stamps are
                .withClock(KrakenSession.CLOCK, System.currentTimeMillis());
        var out = env.fromData(frames, TypeInformation.of(RawFrame.class))
                .keyBy(RawFrame::key)
                .transform("book-sync", TypeInformation.of(FileRecord.class), new BookSyncOperatorFactory(settings, null));
        List<FileRecord> records = new ArrayList<>();
        try (CloseableIterator<FileRecord> it = out.executeAndCollect()) {
            it.forEachRemaining(records::add);
        }
        return new Emitted(records);
    }

    @Test
    void realSessionBecomesVerifiedFramesSnapshotFilesAndALedger() throws Exception {
        Emitted e = run(session());
        assertThat(e.day()).isEqualTo("20230730");
        assertThat(e.appended.keySet()).allMatch(k -> k.startsWith("kraken/BTCUSD/20230730/"));

        List<CSVRecord> frames = e.csv("orderbook_ws_depth_BTCUSD_20230730.csv.gz", ContractFile.orderbookColumns(10));
        assertThat(frames).hasSize(510); // the snapshot and all 509 updates, each verified by Kraken's checksum
        CSVRecord first = frames.get(0);
        assertThat(first.get("bid_px_1")).isEqualTo("29430.2");
        assertThat(first.get("bid_qty_1")).isEqualTo("0.18967538");
        assertThat(first.get("bid_qty_4")).isEqualTo("4.00000000"); // sent as 4.0, printed with the pair's precision
        assertThat(first.get("ask_px_1")).isEqualTo("29430.3");
        assertThat(first.get("epoch")).isEqualTo("1");
        assertThat(first.get("last_update_id")).isEqualTo("0");
        long prev = 0;
        for (CSVRecord r : frames) {
            assertThat(Long.parseLong(r.get("recv_seq"))).isGreaterThan(prev);
            prev = Long.parseLong(r.get("recv_seq"));
            assertThat(r.get("checksum")).isNotEmpty();
        }
        assertThat(frames.get(509).get("checksum")).isEqualTo("2438878880");

        List<String> diffs = e.lines("diffs/depth_diffs_BTCUSD_20230730.ndjson.gz");
        assertThat(diffs).hasSize(509); // every update; the frame with an empty data array is malformed, in the ledger
        JsonNode d0 = JSON.readTree(diffs.get(0));
        assertThat(d0.get("exchange").asText()).isEqualTo("kraken");
        assertThat(d0.get("symbol").asText()).isEqualTo("BTC/USD");
        assertThat(d0.get("U").asLong()).isZero();
        assertThat(d0.get("checksum").asLong()).isEqualTo(3547452596L);
        assertThat(d0.get("raw").get("data").get(0).get("checksum").asLong()).isEqualTo(3547452596L);

        List<CSVRecord> trades = e.csv("trades_ws_BTCUSD_20230730.csv.gz", ContractFile.TRADES_COLUMNS);
        assertThat(trades).hasSize(1);
        assertThat(trades.get(0).get("price")).isEqualTo("29430.2");
        assertThat(trades.get(0).get("qty")).isEqualTo("0.00100000");
        assertThat(trades.get(0).get("side")).isEqualTo("sell");
        assertThat(trades.get(0).get("ord_type")).isEqualTo("market");
        assertThat(trades.get(0).get("trade_ts_us")).isEqualTo("1690731049123456");

        List<CSVRecord> events = e.csv("events_BTCUSD_20230730.csv.gz", ContractFile.EVENTS_COLUMNS);
        assertThat(events.stream().map(r -> r.get("type")).toList()).containsSubsequence("run_start", "window_start", "ws_open",
                "exchange_info", "exchange_info", "subscribed", "state_change", "snapshot", "state_change", "state_change",
                "malformed", "state_change", "run_end");
        long prevId = 0;
        for (CSVRecord r : events) {
            assertThat(Long.parseLong(r.get("event_id"))).isGreaterThan(prevId);
            prevId = Long.parseLong(r.get("event_id"));
            assertThat(r.get("run_id")).isEqualTo("run-1");
            JSON.readTree(r.get("details")); // a JSON object
        }
        CSVRecord snapshot = events.stream().filter(r -> r.get("type").equals("snapshot")).findFirst().orElseThrow();
        assertThat(snapshot.get("tag")).isEqualTo("initial");
        assertThat(JSON.readTree(snapshot.get("details")).get("checksum").asLong()).isEqualTo(
                session().get(4).text().contains("\"checksum\"") ? JSON.readTree(session().get(4).text()).get("data").get(0)
                        .get("checksum").asLong() : -1);
        String id = snapshot.get("event_id");
        String dir = "kraken/BTCUSD/20230730/snapshots/snapshot_" + id + "_initial.";
        assertThat(e.whole.get(dir + "json")).isEqualTo(session().get(4).text());
        assertThat(e.whole.get(dir + "csv").lines().toList()).hasSize(21).startsWith("side,level,price,qty,last_update_id,checksum");
        assertThat(events.stream().filter(r -> r.get("type").equals("state_change")).map(r -> r.get("state")).toList())
                .containsExactly("SNAPSHOT", "SYNCING", "SYNCED", "STOPPED");
        assertThat(e.appended.keySet()).noneMatch(k -> k.contains("gaps_"));
    }

    /** The session with the source's report of 3 frames dropped before its frame {@code index}. */
    private static List<RawFrame> withDrop(int index, RawFrame[] at) throws Exception {
        List<RawFrame> frames = new ArrayList<>(session());
        at[0] = frames.get(index);
        frames.add(index, new RawFrame(at[0].exchange(), at[0].symbol(), at[0].connectionId(), at[0].connection(), RawFrame.Type.OVERFLOW,
                at[0].recvTimeUs(), -1, "3 frame(s) dropped: hand-off queue full (20000)"));
        return frames;
    }

    @Test
    void framesTheSourceDroppedAreASequenceGapForTheSymbolAndItsNextChecksumProvesTheBook() throws Exception {
        RawFrame[] drop = new RawFrame[1];
        Emitted e = run(withDrop(100, drop));
        RawFrame at = drop[0];
        List<CSVRecord> gaps = e.csv("gaps_BTCUSD_20230730.csv.gz", ContractFile.GAPS_COLUMNS);
        assertThat(gaps).singleElement().satisfies(g -> {
            assertThat(g.get("kind")).isEqualTo("sequence");
            assertThat(g.get("expected")).isEmpty();
            assertThat(g.get("got")).isEmpty();
            JsonNode d = JSON.readTree(g.get("details"));
            assertThat(d.get("issue").asText()).isEqualTo("dropped");
            assertThat(d.get("lost_messages").asLong()).isEqualTo(3);
            assertThat(d.get("connection").asText()).isEqualTo(at.connectionId());
            assertThat(d.get("trades").asText()).isEqualTo("possibly incomplete");
            assertThat(d.get("until_recv_ts_us").asLong()).isEqualTo(at.recvTimeUs());
        });
        List<String> types = e.csv("events_BTCUSD_20230730.csv.gz", ContractFile.EVENTS_COLUMNS).stream().map(r -> r.get("type")).toList();
        assertThat(types).containsSubsequence("gap", "book_proven").doesNotContain("warning", "resync_start");
        // nothing was really lost here: every update still makes a verified frame
        assertThat(e.csv("orderbook_ws_depth_BTCUSD_20230730.csv.gz", ContractFile.orderbookColumns(10))).hasSize(510);
    }

    @Test
    void deeperThanTheChecksumsTenLevelsABookThatMayHaveLostAnUpdateIsResyncedNotProven() throws Exception {
        RawFrame[] drop = new RawFrame[1];
        // the session subscribed 10 levels: read as 25, its book stays right until a level Kraken dropped comes back (frame 61)
        Emitted e = run(withDrop(30, drop), 25);
        assertThat(e.csv("gaps_BTCUSD_20230730.csv.gz", ContractFile.GAPS_COLUMNS)).singleElement()
                .satisfies(g -> assertThat(g.get("details")).contains("\"issue\":\"dropped\""));
        List<CSVRecord> events = e.csv("events_BTCUSD_20230730.csv.gz", ContractFile.EVENTS_COLUMNS);
        assertThat(events.stream().map(r -> r.get("type")).toList()).containsSubsequence("gap", "state_change", "resync_start")
                .doesNotContain("book_proven");
        assertThat(events).filteredOn(r -> r.get("type").equals("resync_start")).singleElement()
                .satisfies(r -> assertThat(r.get("details")).contains("does not cover all 25 levels"));
        // no frame after the drop until a snapshot (none comes here) makes the book whole again
        long dropSeq = events.stream().filter(r -> r.get("type").equals("gap")).mapToLong(r -> Long.parseLong(r.get("recv_seq"))).findFirst()
                .orElseThrow();
        assertThat(e.csv("orderbook_ws_depth_BTCUSD_20230730.csv.gz", ContractFile.orderbookColumns(10)))
                .allSatisfy(r -> assertThat(Long.parseLong(r.get("recv_seq"))).isLessThanOrEqualTo(dropSeq)).isNotEmpty();
    }
}
