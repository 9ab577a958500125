package io.mm.operators.book;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm.core.Exchange;
import io.mm.core.contract.ContractFile;
import io.mm.core.contract.FileRecord;
import io.mm.core.feed.RawFrame;
import io.mm.core.ledger.LedgerInputs;
import io.mm.core.sync.SyncState;
import io.mm.operators.RecorderSettings;
import io.mm.operators.snapshot.SnapshotResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/**
 * A Binance book being synced when a trading day opens: after a pause the day's files hold none of what it buffered, so
 * it drops it (and a book applied but not proven resyncs, as the day's replay then does); where the previous day is
 * still open, that day's files hold it and nothing is dropped.
 */
class DayOpensMidSyncTest {
    private final List<FileRecord> out = new ArrayList<>();

    private static long us(String instant) {
        return Instant.parse(instant).toEpochMilli() * 1000;
    }

    private static RawFrame frame(RawFrame.Type type, String at, String text) {
        return new RawFrame(Exchange.BINANCE, "BTCUSDT", "0-binance", 1, type, us(at), -1, text);
    }

    private static RawFrame diff(String at, long first, long last) {
        return frame(RawFrame.Type.DATA, at, "{\"e\":\"depthUpdate\",\"E\":1,\"s\":\"BTCUSDT\",\"U\":" + first + ",\"u\":" + last
                + ",\"b\":[[\"100.0\",\"1.0\"]],\"a\":[[\"101.0\",\"1.0\"]]}");
    }

    /** A recorder started at {@code start} whose stream opened and buffered two updates, then the clock at {@code later}. */
    private SymbolRecorder waitingForItsSnapshot(String windowStart, String windowEnd, String start, String later) {
        RecorderSettings s = RecorderSettings.defaults("r").withWindow("UTC", windowStart, windowEnd, "1");
        SymbolRecorder r = new SymbolRecorder(Exchange.BINANCE, "BTCUSDT", s, s.window(), out::add, 0);
        r.startRun(us(start), null);
        r.onFrame(frame(RawFrame.Type.OPEN, start, "connected"));
        r.onFrame(diff(start, 10, 12));
        r.onFrame(diff(start, 13, 15));
        assertThat(r.engine().state()).isEqualTo(SyncState.SNAPSHOT);
        assertThat(r.engine().buffered()).isEqualTo(2);
        r.onTimer(us(later));
        return r;
    }

    private CSVRecord windowStart(String day) throws IOException {
        return CSVParser.parse(windowStartDetails(day), CSVFormat.DEFAULT.builder()
                .setHeader(ContractFile.EVENTS_COLUMNS.toArray(String[]::new)).get()).getRecords().get(0);
    }

    private String windowStartDetails(String day) {
        return out.stream().filter(f -> f.path().contains("events_BTCUSDT_" + day)).map(f -> new String(f.data(), StandardCharsets.UTF_8))
                .filter(l -> l.contains(",window_start,")).findFirst().orElseThrow();
    }

    @Test
    void afterAPauseTheDayOpensWithoutWhatWasBufferedBeforeIt() throws Exception {
        SymbolRecorder r = waitingForItsSnapshot("00:02", "00:00", "2026-01-02T00:00:30Z", "2026-01-02T00:02:01Z");
        assertThat(r.engine().buffered()).isZero();
        assertThat(r.engine().state()).as("still waiting for the snapshot in flight").isEqualTo(SyncState.SNAPSHOT);
        CSVRecord row = windowStart("20260102");
        assertThat(new ObjectMapper().readTree(row.get("details")).path("own_updates_only").asBoolean()).as(row.toString()).isTrue();
    }

    @Test
    void whileThePreviousDayIsOpenItsUpdatesAreKept() {
        SymbolRecorder r = waitingForItsSnapshot("00:00", "00:15", "2026-01-01T23:59:30Z", "2026-01-02T00:00:01Z");
        assertThat(r.engine().buffered()).isEqualTo(2);
        assertThat(windowStartDetails("20260102")).doesNotContain("own_updates_only");
    }

    @Test
    void aSnapshotAskedForBeforeADayOpenedBesideThePreviousOneIsAskedForAgain() {
        SymbolRecorder r = waitingForItsSnapshot("00:00", "00:15", "2026-01-01T23:59:30Z", "2026-01-01T23:59:31Z");
        assertThat(r.takeSnapshotRequest(us("2026-01-01T23:59:31Z"))).isTrue();
        r.onTimer(us("2026-01-02T00:00:01Z"));
        String body = "{\"lastUpdateId\":12,\"bids\":[[\"99.0\",\"2.0\"]],\"asks\":[[\"102.0\",\"2.0\"]]}";
        r.onRestSnapshot(new SnapshotResponse(true, body, 200, null, "u", us("2026-01-01T23:59:31Z"), us("2026-01-02T00:00:02Z")),
                us("2026-01-02T00:00:02Z"));
        assertThat(r.engine().state()).as("the new day holds none of the updates that bridge that snapshot")
                .isEqualTo(SyncState.SNAPSHOT);
        assertThat(r.engine().buffered()).isEqualTo(2);
        assertThat(out.stream().filter(f -> f.path().contains("events_BTCUSDT_20260102")).map(f -> new String(f.data(), StandardCharsets.UTF_8))
                .filter(l -> l.contains("REST snapshot asked for before the newest day opened"))).hasSize(1);
        assertThat(r.takeSnapshotRequest(us("2026-01-02T00:00:03Z"))).as("asked for again").isTrue();
        r.onRestSnapshot(new SnapshotResponse(true, body, 200, null, "u", us("2026-01-02T00:00:03Z"), us("2026-01-02T00:00:04Z")),
                us("2026-01-02T00:00:04Z"));
        assertThat(r.engine().isSynced()).isTrue();
    }

    @Test
    void aBookAppliedButNotProvenWhenTheDayOpensAfterAPauseResyncsAndSoDoesTheDaysReplay() throws Exception {
        RecorderSettings s = RecorderSettings.defaults("r").withWindow("UTC", "00:02", "00:00", "1");
        SymbolRecorder r = new SymbolRecorder(Exchange.BINANCE, "BTCUSDT", s, s.window(), out::add, 0);
        r.startRun(us("2026-01-02T00:00:30Z"), null);
        r.onFrame(frame(RawFrame.Type.OPEN, "2026-01-02T00:00:30Z", "connected"));
        r.onFrame(diff("2026-01-02T00:00:31Z", 10, 12));
        r.onFrame(frame(RawFrame.Type.REST_SNAPSHOT, "2026-01-02T00:00:32Z",
                "{\"lastUpdateId\":20,\"bids\":[[\"99.0\",\"2.0\"]],\"asks\":[[\"102.0\",\"2.0\"]]}"));
        assertThat(r.engine().state()).as("waiting for the update that bridges the snapshot").isEqualTo(SyncState.SYNCING);
        r.onTimer(us("2026-01-02T00:02:01Z"));
        assertThat(r.engine().state()).isEqualTo(SyncState.RESYNCING);
        assertThat(r.engine().machine().epoch()).isEqualTo(2);
        assertThat(r.takeSnapshotRequest(us("2026-01-02T00:02:01Z"))).as("a new snapshot is asked for").isTrue();

        // the day's replay meets its window_start row first and resyncs as the recorder did
        CSVRecord row = windowStart("20260102");
        assertThat(row.get("state")).isEqualTo("SYNCING");
        LedgerInputs in = new LedgerInputs(Exchange.BINANCE, "BTCUSDT", "x");
        in.row("events", 0, Long.parseLong(row.get("recv_seq")), Long.parseLong(row.get("ts_us")), Integer.parseInt(row.get("epoch")),
                row.get("type"), row.get("state"), row.get("tag"), new ObjectMapper().readTree(row.get("details")), null);
        SymbolRecorder replay = new SymbolRecorder(Exchange.BINANCE, "BTCUSDT", s.withReplay(true), s.window(), out::add, 0);
        replay.startReplay(20260102);
        replay.onFrame(in.inputs().get(0).frame());
        assertThat(replay.engine().state()).isEqualTo(SyncState.RESYNCING);
        assertThat(replay.engine().machine().epoch()).isEqualTo(2);
    }
}
