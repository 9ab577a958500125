package io.mm.operators.book;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm.core.Exchange;
import io.mm.core.contract.FileRecord;
import io.mm.core.feed.RawFrame;
import io.mm.core.sync.SyncState;
import io.mm.operators.RecorderSettings;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A Binance book waiting for its snapshot when a trading day opens: after a pause the day's files hold none of what it
 * buffered, so it drops it; where the previous day is still open, that day's files hold it and nothing is dropped.
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

    private String windowStartDetails(String day) {
        return out.stream().filter(f -> f.path().contains("events_BTCUSDT_" + day)).map(f -> new String(f.data(), StandardCharsets.UTF_8))
                .filter(l -> l.contains(",window_start,")).findFirst().orElseThrow();
    }

    @Test
    void afterAPauseTheDayOpensWithoutWhatWasBufferedBeforeIt() throws Exception {
        SymbolRecorder r = waitingForItsSnapshot("00:02", "00:00", "2026-01-02T00:00:30Z", "2026-01-02T00:02:01Z");
        assertThat(r.engine().buffered()).isZero();
        assertThat(r.engine().state()).as("still waiting for the snapshot in flight").isEqualTo(SyncState.SNAPSHOT);
        String row = windowStartDetails("20260102");
        assertThat(new ObjectMapper().readTree(org.apache.commons.csv.CSVParser.parse(row, org.apache.commons.csv.CSVFormat.DEFAULT)
                .getRecords().get(0).get(8)).path("own_updates_only").asBoolean()).as(row).isTrue();
    }

    @Test
    void whileThePreviousDayIsOpenItsUpdatesAreKept() {
        SymbolRecorder r = waitingForItsSnapshot("00:00", "00:15", "2026-01-01T23:59:30Z", "2026-01-02T00:00:01Z");
        assertThat(r.engine().buffered()).isEqualTo(2);
        assertThat(windowStartDetails("20260102")).doesNotContain("own_updates_only");
    }
}
