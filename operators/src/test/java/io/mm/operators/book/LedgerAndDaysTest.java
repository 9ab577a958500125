package io.mm.operators.book;

import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.Exchange;
import io.mm.core.binance.BinanceSyncEngine;
import io.mm.core.contract.ContractFile;
import io.mm.core.contract.CsvRows;
import io.mm.core.contract.FileRecord;
import io.mm.core.feed.DepthUpdate;
import io.mm.core.ledger.EventType;
import io.mm.core.ledger.GapKind;
import io.mm.core.window.TradingWindow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/** The ledger's numbering and rows, the open days' roll and routing, and the recovery's gap rows. */
class LedgerAndDaysTest {
    private static final TradingWindow WINDOW = TradingWindow.parse("UTC", "00:00", "00:15", "1");
    private final List<FileRecord> out = new ArrayList<>();
    private final BinanceSyncEngine engine = new BinanceSyncEngine(100);

    private static long us(String instant) {
        return Instant.parse(instant).toEpochMilli() * 1000;
    }

    private OpenDays days(boolean replay) {
        return new OpenDays(Exchange.BINANCE, "BTCUSDT", WINDOW, out::add, replay);
    }

    private List<CSVRecord> rows(String suffix, List<String> header) throws IOException {
        StringBuilder b = new StringBuilder(String.join(",", header)).append('\n');
        for (FileRecord r : out) {
            if (r.path().endsWith(suffix)) {
                b.append(new String(r.data(), StandardCharsets.UTF_8));
            }
        }
        return CsvRows.parse(b.toString());
    }

    private List<String> paths() {
        return out.stream().map(FileRecord::path).toList();
    }

    @Test
    void daysRollForwardOnlyAndOverlappingWindowsOpenTwoDays() {
        OpenDays d = days(false);
        List<String> roll = new ArrayList<>();
        OpenDays.Roll r = new OpenDays.Roll() {
            @Override
            public void closed(long nowUs, int day) {
                roll.add("closed " + day);
            }

            @Override
            public void opened(long nowUs, int day) {
                roll.add("opened " + day);
            }
        };
        assertThat(d.openAt(us("2026-01-01T12:00:00Z"))).containsExactly(20260101);
        d.advance(us("2026-01-02T00:05:00Z"), r);
        assertThat(d.days()).containsExactly(20260101, 20260102);
        d.advance(us("2026-01-01T23:59:59Z"), r); // a frame stamped before a timer that already fired
        assertThat(d.days()).containsExactly(20260101, 20260102);
        d.advance(us("2026-01-02T00:20:00Z"), r);
        assertThat(d.days()).containsExactly(20260102);
        assertThat(roll).containsExactly("opened 20260102", "closed 20260101");
    }

    @Test
    void aReplayKeepsItsOneDay() {
        OpenDays d = days(true);
        d.set(20260101);
        d.advance(us("2026-03-01T00:00:00Z"), null);
        assertThat(d.days()).containsExactly(20260101);
    }

    @Test
    void rowsGoToEveryOpenDayOrToTheOneNamed() throws IOException {
        OpenDays d = days(false);
        d.set(20260101, 20260102);
        Ledger l = new Ledger(Exchange.BINANCE, "BTCUSDT", d, engine, "run-1", false);
        l.event(5, EventType.WARNING, Details.of("warning", "w"));
        l.event(6, EventType.WINDOW_END, null, Details.of("day", 20260101), 20260101);
        assertThat(paths()).containsExactly("binance/BTCUSDT/20260101/" + ContractFile.EVENTS.relativePath("BTCUSDT", "20260101"),
                "binance/BTCUSDT/20260102/" + ContractFile.EVENTS.relativePath("BTCUSDT", "20260102"),
                "binance/BTCUSDT/20260101/" + ContractFile.EVENTS.relativePath("BTCUSDT", "20260101"));
        List<CSVRecord> first = rows("20260101.csv.gz", ContractFile.EVENTS_COLUMNS);
        assertThat(first).extracting(x -> x.get("event_id")).containsExactly("1", "2");
        assertThat(first).extracting(x -> x.get("type")).containsExactly("warning", "window_end");
        assertThat(first.get(0).get("run_id")).isEqualTo("run-1");
        assertThat(first.get(0).get("state")).isEqualTo("CONNECTING");
    }

    @Test
    void whileNoWindowIsOpenTheRunAndItsOpenSocketAreHeldForTheNextDay() throws IOException {
        OpenDays d = new OpenDays(Exchange.BINANCE, "BTCUSDT", TradingWindow.parse("UTC", "00:02", "00:00", "1"), out::add, false);
        Ledger l = new Ledger(Exchange.BINANCE, "BTCUSDT", d, engine, "run-1", false);
        long start = us("2026-01-02T00:00:30Z");
        assertThat(d.openAt(start)).as("the pause between two days' windows").isEmpty();
        l.lifecycle(start, EventType.RUN_START, Details.of("symbol", "BTCUSDT"));
        l.lifecycle(start + 1, EventType.WS_OPEN, Details.of("connection", "a"));
        l.socketClosed();
        l.lifecycle(start + 2, EventType.WS_OPEN, Details.of("connection", "b"));
        assertThat(out).as("nothing written during the pause").isEmpty();
        long opens = us("2026-01-02T00:02:00Z");
        d.advance(opens, new OpenDays.Roll() {
            @Override
            public void closed(long nowUs, int day) {
            }

            @Override
            public void opened(long nowUs, int day) {
                l.dayOpened(nowUs, day);
            }
        });
        l.lifecycle(opens + 5, EventType.WS_OPEN, Details.of("connection", "c"));
        List<CSVRecord> rows = rows("20260102.csv.gz", ContractFile.EVENTS_COLUMNS);
        assertThat(rows).extracting(x -> x.get("type") + " " + x.get("ts_us")).containsExactly("run_start " + opens, "ws_open " + opens,
                "ws_open " + (opens + 5));
        assertThat(rows.get(0).get("details")).contains("\"started_ts_us\":" + start);
        assertThat(rows.get(1).get("details")).as("the socket open when the window opened").contains("\"connection\":\"b\"")
                .contains("\"opened_ts_us\":" + (start + 2));
        assertThat(rows.get(2).get("details")).as("a day open: written as it happens").doesNotContain("opened_ts_us");
    }

    @Test
    void aSocketClosedDuringThePauseIsNotNamedByTheNextDay() throws IOException {
        OpenDays d = new OpenDays(Exchange.BINANCE, "BTCUSDT", TradingWindow.parse("UTC", "00:02", "00:00", "1"), out::add, false);
        Ledger l = new Ledger(Exchange.BINANCE, "BTCUSDT", d, engine, "run-1", false);
        long start = us("2026-01-02T00:00:30Z");
        l.lifecycle(start, EventType.RECOVERY, Details.of("symbol", "BTCUSDT"));
        l.lifecycle(start + 1, EventType.WS_OPEN, Details.of("connection", "a"));
        l.socketClosed();
        l.dayOpened(us("2026-01-02T00:02:00Z"), 20260102);
        List<CSVRecord> rows = rows("20260102.csv.gz", ContractFile.EVENTS_COLUMNS);
        assertThat(rows).extracting(x -> x.get("type")).containsExactly("recovery");
        assertThat(rows.get(0).get("details")).contains("\"recovered_ts_us\":" + start);
    }

    @Test
    void liveInputsAreNumberedByTheRecorderAndReplayedOnesByTheRecording() {
        OpenDays d = days(false);
        Ledger live = new Ledger(Exchange.BINANCE, "BTCUSDT", d, engine, "r", false);
        assertThat(live.nextSeq(40)).isEqualTo(1);
        assertThat(live.nextSeq(-1)).isEqualTo(2);
        live.catchUp(90);
        assertThat(live.recvSeq()).isEqualTo(2);
        live.restore("r0", 77, 12);
        assertThat(live.nextSeq(-1)).isEqualTo(78);
        assertThat(live.nextEventId()).isEqualTo(13);

        Ledger replay = new Ledger(Exchange.BINANCE, "BTCUSDT", d, engine, "r", true);
        assertThat(replay.nextSeq(40)).isEqualTo(40);
        assertThat(replay.nextSeq(-1)).isEqualTo(41);
        replay.catchUp(90);
        replay.catchUp(60);
        assertThat(replay.recvSeq()).isEqualTo(90);
    }

    @Test
    void gapRowsCarryTheInputTheyFollowAndTheEpoch() throws IOException {
        OpenDays d = days(false);
        d.set(20260101);
        Ledger l = new Ledger(Exchange.BINANCE, "BTCUSDT", d, engine, "r", false);
        l.nextSeq(-1);
        l.gap(9, GapKind.STALL, "1", "9", Details.of("silent_ms", 8));
        CSVRecord g = rows("20260101.csv.gz", ContractFile.GAPS_COLUMNS).get(0);
        assertThat(g.get("recv_seq")).isEqualTo("1");
        assertThat(g.get("epoch")).isEqualTo("1");
        assertThat(g.get("kind")).isEqualTo("stall");
    }

    private Recovery recovery(boolean chained) {
        OpenDays d = days(false);
        d.set(20260101);
        return new Recovery(chained, new Ledger(Exchange.BINANCE, "BTCUSDT", d, engine, "r", false));
    }

    private static DepthUpdate update(long first) {
        DepthUpdate u = new DepthUpdate();
        u.firstUpdateId = first;
        return u;
    }

    @Test
    void chainedIdsCountTheUpdatesARestartLost() throws IOException {
        Recovery r = recovery(true);
        r.restored(100, 1_000_000, true);
        r.update(update(105), 3_000_000);
        r.update(update(200), 4_000_000); // only the first update after the restore is judged
        List<CSVRecord> gaps = rows("20260101.csv.gz", ContractFile.GAPS_COLUMNS);
        assertThat(gaps).hasSize(1);
        assertThat(gaps.get(0).get("kind")).isEqualTo("recovery");
        assertThat(gaps.get(0).get("expected")).isEqualTo("101");
        assertThat(gaps.get(0).get("got")).isEqualTo("105");
        assertThat(gaps.get(0).get("details")).contains("\"lost_update_ids\":4");

        Recovery bridged = recovery(true);
        out.clear();
        bridged.restored(100, 1_000_000, true);
        bridged.update(update(101), 3_000_000);
        assertThat(out).isEmpty();
    }

    @Test
    void withoutChainedIdsTheTimeWithoutDataIsTheLoss() throws IOException {
        Recovery r = recovery(false);
        r.restored(DepthUpdate.NONE, 1_000_000, true);
        assertThat(r.takeCheckpointBook()).isFalse();
        r.snapshot(3_500_000);
        r.snapshot(9_000_000);
        List<CSVRecord> gaps = rows("20260101.csv.gz", ContractFile.GAPS_COLUMNS);
        assertThat(gaps).hasSize(1);
        assertThat(gaps.get(0).get("details")).isEqualTo("{\"stream\":\"depth\",\"lost_ms\":2500,\"resumed_by\":\"snapshot\"}");

        out.clear();
        Recovery empty = recovery(false);
        empty.restored(DepthUpdate.NONE, 0, false);
        empty.snapshot(3_500_000);
        assertThat(out).as("nothing had arrived before the checkpoint").isEmpty();
    }

    @Test
    void aDisconnectIsAGapWhenTheSocketReopensButARestartCountsItsOwn() throws IOException {
        Recovery r = recovery(true);
        r.restored(100, 1_000_000, true);
        assertThat(r.opened(2_000_000, 1_000_000, "c")).as("the restart's rows count it").isFalse();
        assertThat(out).isEmpty();
        r.update(update(101), 2_100_000);
        r.disconnected(2_200_000);
        r.disconnected(2_900_000); // the first moment counts
        assertThat(r.opened(5_200_000, 2_200_000, "c#2")).isTrue();
        assertThat(r.opened(6_000_000, 2_200_000, "c#3")).as("no disconnect in between").isFalse();
        CSVRecord g = rows("20260101.csv.gz", ContractFile.GAPS_COLUMNS).get(0);
        assertThat(g.get("kind")).isEqualTo("disconnect");
        assertThat(g.get("expected")).isEqualTo("2200000");
        assertThat(g.get("details")).contains("\"down_ms\":3000");
    }

    @Test
    void onlyASyncedBookWithChainedIdsIsOfferedToTheNewStreamOnce() {
        Recovery r = recovery(true);
        r.restored(100, 1, true);
        assertThat(r.takeCheckpointBook()).isTrue();
        assertThat(r.takeCheckpointBook()).isFalse();
        r.restored(100, 1, false);
        assertThat(r.takeCheckpointBook()).isFalse();
        r.restored(DepthUpdate.NONE, 1, true);
        assertThat(r.takeCheckpointBook()).isFalse();
        r.resuming();
        assertThat(r.endResuming()).isTrue();
        assertThat(r.endResuming()).isFalse();
    }
}
