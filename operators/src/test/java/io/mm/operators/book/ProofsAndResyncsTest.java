package io.mm.operators.book;

import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.Exchange;
import io.mm.core.binance.BinanceSyncEngine;
import io.mm.core.contract.ContractFile;
import io.mm.core.contract.CsvRows;
import io.mm.core.contract.FileRecord;
import io.mm.core.feed.DepthUpdate;
import io.mm.core.ledger.SnapshotTag;
import io.mm.core.sync.SyncOutcome;
import io.mm.core.sync.SyncState;
import io.mm.core.window.TradingWindow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/** The ledger rows of resyncs, sequence breaks and their proofs, telemetry's warnings, and snapshot tags. */
class ProofsAndResyncsTest {
    private final List<FileRecord> out = new ArrayList<>();
    private final BinanceSyncEngine engine = new BinanceSyncEngine(100);
    private final OpenDays days = new OpenDays(Exchange.BINANCE, "BTCUSDT", TradingWindow.parse("UTC", "00:00", "00:15", "1"), out::add,
            false);
    private final Ledger ledger = new Ledger(Exchange.BINANCE, "BTCUSDT", days, engine, "r", false);
    private final Telemetry telemetry = new Telemetry(60, 30);

    ProofsAndResyncsTest() {
        days.set(20260101);
    }

    private List<CSVRecord> rows(ContractFile f) throws IOException {
        StringBuilder b = new StringBuilder(String.join(",", f == ContractFile.GAPS ? ContractFile.GAPS_COLUMNS
                : ContractFile.EVENTS_COLUMNS)).append('\n');
        for (FileRecord r : out) {
            if (r.path().endsWith(f.relativePath("BTCUSDT", "20260101"))) {
                b.append(new String(r.data(), StandardCharsets.UTF_8));
            }
        }
        return CsvRows.parse(b.toString());
    }

    private List<String> types() throws IOException {
        return rows(ContractFile.EVENTS).stream().map(r -> r.get("type")).toList();
    }

    @Test
    void everyResyncOpensWithResyncStartAndTheFirstSyncAfterItSaysHowLongItTook() throws IOException {
        Resyncs r = new Resyncs(engine, ledger, telemetry);
        engine.subscribed("open");
        r.transitions(1_000_000);
        assertThat(r.open()).isFalse();
        engine.machine().to(SyncState.RESYNCING, "gap");
        r.transitions(2_000_000);
        assertThat(r.open()).isTrue();
        r.synced(5_500_000);
        r.synced(6_000_000); // nothing open any more
        assertThat(types()).containsExactly("state_change", "state_change", "resync_start", "resync_done");
        CSVRecord done = rows(ContractFile.EVENTS).get(3);
        assertThat(done.get("details")).isEqualTo("{\"epoch\":2,\"took_ms\":3500}");
        assertThat(rows(ContractFile.EVENTS).get(2).get("epoch")).isEqualTo("2");
        assertThat(engine.machine().transitions()).as("drained").isEmpty();
    }

    @Test
    void aHoleLeavesAProvableBookUnprovenUntilAChecksumAgrees() throws IOException {
        BookProof p = new BookProof("binance", "BTCUSDT", ledger, telemetry, false);
        ledger.nextSeq(-1);
        p.broken("{\"issue\":\"hole\",\"expected\":5,\"got\":8}", 100, "c", 50, true);
        DepthUpdate u = new DepthUpdate();
        u.hasChecksum = true;
        u.checksum = 42;
        p.outcome(SyncOutcome.APPLIED, u, 200, true);
        p.outcome(SyncOutcome.APPLIED, u, 300, true); // proven once
        assertThat(types()).containsExactly("gap", "book_proven");
        assertThat(rows(ContractFile.EVENTS).get(1).get("details")).isEqualTo("{\"since_recv_seq\":1,\"checksum\":42}");
        CSVRecord gap = rows(ContractFile.GAPS).get(0);
        assertThat(gap.get("kind")).isEqualTo("sequence");
        assertThat(gap.get("expected") + ".." + gap.get("got")).isEqualTo("5..8");
        assertThat(gap.get("details")).contains("\"lost_messages\":3", "\"trades\":\"possibly incomplete\"");
    }

    @Test
    void aBreakOfAnotherChannelOrAnUnprovableBookNeedsNoProofAndAResyncDropsIt() throws IOException {
        BookProof p = new BookProof("bitfinex", "tBTCUSD", ledger, telemetry, false);
        DepthUpdate u = new DepthUpdate();
        u.hasChecksum = true;
        p.broken("{\"issue\":\"late\",\"expected\":5,\"got\":4,\"channel\":\"trades\",\"dropped\":false}", 100, "c", 50, true);
        p.outcome(SyncOutcome.APPLIED, u, 200, true);
        p.broken("{\"issue\":\"hole\",\"expected\":5,\"got\":8}", 300, "c", 50, false);
        p.outcome(SyncOutcome.APPLIED, u, 400, true);
        p.broken("{\"issue\":\"dropped\",\"lost_messages\":2,\"cause\":\"2 frame(s) dropped\"}", 500, "c", 50, true);
        p.outcome(SyncOutcome.GAP, u, 600, false);
        p.outcome(SyncOutcome.APPLIED, u, 700, true);
        assertThat(types()).containsExactly("gap", "gap", "gap");
        assertThat(rows(ContractFile.EVENTS).get(2).get("details")).contains("\"issue\":\"dropped\"", "\"lost_messages\":2");
    }

    @Test
    void anUnreadableReportIsAWarningNotAGap() throws IOException {
        new BookProof("bitfinex", "tBTCUSD", ledger, telemetry, false).broken("{oops", 1, "c", 0, true);
        assertThat(types()).containsExactly("warning");
        assertThat(rows(ContractFile.GAPS)).isEmpty();
    }

    @Test
    void grantedFlagsSayWhatCannotBeDetected() throws IOException {
        BookProof p = new BookProof("bitfinex", "tBTCUSD", ledger, telemetry, true);
        p.granted(new ExchangeKit.GrantedFlags(0, 229376, false, false), 1);
        p.granted(new ExchangeKit.GrantedFlags(65536, 229376, false, true), 2);
        p.granted(new ExchangeKit.GrantedFlags(131072, 229376, true, false), 3);
        p.granted(new ExchangeKit.GrantedFlags(229376, 229376, true, true), 4);
        assertThat(types()).containsExactly("exchange_error", "warning", "warning");
    }

    @Test
    void theSyncWarningComesOnceAfterItsTimeAndNeverForAStoppedBook() {
        Telemetry t = new Telemetry(0, 30);
        t.notSyncedFrom(0);
        assertThat(t.wakeUs(Long.MAX_VALUE)).isEqualTo(30_000_000);
        assertThat(t.syncWarning(29_999_999, false)).isEqualTo(-1);
        assertThat(t.syncWarning(31_000_000, true)).as("stopped").isEqualTo(-1);
        assertThat(t.syncWarning(31_000_000, false)).isEqualTo(31);
        assertThat(t.syncWarning(90_000_000, false)).as("once").isEqualTo(-1);
        t.synced();
        t.notSynced(100_000_000);
        t.notSynced(110_000_000); // the first moment counts
        assertThat(t.syncWarning(130_000_000, false)).isEqualTo(30);
    }

    @Test
    void heartbeatsCountSinceTheLastOneAndNeverRunInAReplay() {
        Telemetry t = new Telemetry(60, 0);
        t.scheduleHeartbeat(0, true);
        assertThat(t.heartbeatDue(Long.MAX_VALUE)).isFalse();
        t.scheduleHeartbeat(0, false);
        assertThat(t.heartbeatDue(59_999_999)).isFalse();
        assertThat(t.heartbeatDue(60_000_000)).isTrue();
        t.message(10);
        t.message(5);
        t.trade();
        assertThat(t.heartbeat(engine, 60_000_000, 0).json()).contains("\"messages\":2,\"bytes\":15", "\"trades\":1");
        assertThat(t.heartbeat(engine, 60_000_000, 0).json()).contains("\"messages\":0,\"bytes\":0", "\"trades\":0");
    }

    @Test
    void snapshotsAreTaggedInitialThenResyncAndReconnectAfterASyncedBookReconnected() {
        SnapshotWriter w = new SnapshotWriter(Exchange.BINANCE, "BTCUSDT", ExchangeKit.of(Exchange.BINANCE,
                io.mm.operators.RecorderSettings.defaults("r")), days, ledger, 0);
        assertThat(w.streamTag(false)).isEqualTo(SnapshotTag.INITIAL);
        assertThat(w.streamTag(true)).isEqualTo(SnapshotTag.RESYNC);
        assertThat(w.restTag(false)).isEqualTo(SnapshotTag.INITIAL);
        w.reconnected();
        w.resyncing(); // a reconnect's snapshot stays a reconnect's
        assertThat(w.restTag(true)).isEqualTo(SnapshotTag.RECONNECT);
        assertThat(w.streamTag(false)).isEqualTo(SnapshotTag.RECONNECT);
    }

    @Test
    void periodicSnapshotsComeOnceAPeriodEachSymbolAtItsOwnPointAndNeverInAReplay() {
        long hour = 3_600_000_000L;
        long now = 1_796_000_000_123_456L;
        List<Long> due = new ArrayList<>();
        for (String symbol : List.of("BTCUSDT", "ETHUSDT", "SOLUSDT", "XRPUSDT")) {
            SnapshotWriter w = new SnapshotWriter(Exchange.BINANCE, symbol, ExchangeKit.of(Exchange.BINANCE,
                    io.mm.operators.RecorderSettings.defaults("r")), days, ledger, 3600);
            w.schedulePeriodic(now, false);
            long next = w.wakeUs(Long.MAX_VALUE);
            assertThat(next).as(symbol).isGreaterThan(now).isLessThanOrEqualTo(now + hour);
            w.periodic(next); // not synced: nothing written, the next one a period later
            assertThat(w.wakeUs(Long.MAX_VALUE)).as(symbol + " after one").isEqualTo(next + hour);
            due.add(Math.floorMod(next, hour));
            w.schedulePeriodic(now, true);
            assertThat(w.wakeUs(Long.MAX_VALUE)).as("a replay writes none").isEqualTo(Long.MAX_VALUE);
        }
        assertThat(due).as("the symbols' points in the hour").doesNotHaveDuplicates();
        assertThat(out).as("nothing written for a book that is not synced").isEmpty();
    }
}
