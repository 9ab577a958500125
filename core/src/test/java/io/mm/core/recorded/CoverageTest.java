package io.mm.core.recorded;

import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.Exchange;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When the recorder provably listened to a symbol's trades, on hand-made ledgers. */
class CoverageTest {
    static final long T = 1_796_119_200_000L; // 2026-12-01T10:00:00Z

    static RecordedSymbol.Event ev(long ms, String type, String details) {
        return new RecordedSymbol.Event(ms * 1000, type, details);
    }

    @Test
    void krakenListensFromItsTradeSubscriptionNotFromTheOpenAndAKilledRunEndsAtItsLastRow() {
        Coverage c = Coverage.of(Exchange.KRAKEN, List.of(
                ev(T - 30_000, "run_start", "{}"),
                ev(T - 30_000, "ws_open", "{}"),
                ev(T - 29_000, "subscribed", "{\"channel\":\"book\",\"depth\":10}"),
                ev(T + 10_000, "subscribed", "{\"channel\":\"trade\"}"),
                ev(T + 200_000, "heartbeat", "{}"),
                // killed: the next run starts with a recovery, and the last row of the first run ends its span
                ev(T + 400_000, "run_start", "{}"),
                ev(T + 400_000, "recovery", "{}"),
                ev(T + 400_000, "ws_open", "{}"),
                ev(T + 401_000, "subscribed", "{\"channel\":\"trade\"}"),
                ev(T + 600_000, "run_end", "{}")), 1000);
        assertThat(c.list()).containsExactly(new long[] {T + 11_000, T + 199_000}, new long[] {T + 402_000, T + 599_000});
        assertThat(c.covers(T, T + 60_000)).as("the book was subscribed, the trades not yet").isFalse();
        assertThat(c.covers(T + 60_000, T + 120_000)).isTrue();
        assertThat(c.covers(T + 180_000, T + 240_000)).as("past the killed run's last row").isFalse();
        assertThat(c.knownUntilMs()).as("the ledger's last row, less the margin").isEqualTo(T + 599_000);
        assertThat(Coverage.of(Exchange.KRAKEN, List.of(), 1000).knownUntilMs()).as("no rows: nothing known").isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void binanceListensFromTheOpenAndStopsAtAnErrorOrReconnect() {
        Coverage c = Coverage.of(Exchange.BINANCE, List.of(ev(T, "ws_open", "{}"), ev(T + 90_000, "ws_error", "{}"),
                ev(T + 90_001, "reconnect", "{}"), ev(T + 91_000, "ws_open", "{}"), ev(T + 300_000, "run_end", "{}")), 0);
        assertThat(c.list()).containsExactly(new long[] {T, T + 90_000}, new long[] {T + 91_000, T + 300_000});
        assertThat(c.covers(T + 60_000, T + 120_000)).isFalse();
        assertThat(c.covers(T + 120_000, T + 180_000)).isTrue();
    }

    @Test
    void aSessionHandedOverKeepsListening() {
        Coverage c = Coverage.of(Exchange.BINANCE, List.of(ev(T, "ws_open", "{}"), ev(T + 90_000, "ws_handover", "{\"attempt\":2}"),
                ev(T + 300_000, "run_end", "{}")), 0);
        assertThat(c.list()).containsExactly(new long[] {T, T + 300_000});
        assertThat(c.covers(T + 60_000, T + 120_000)).isTrue();
    }

    static String incomplete(long sinceMs, long untilMs) {
        return "{\"issue\":\"hole\",\"scope\":\"connection\",\"trades\":\"possibly incomplete\",\"since_recv_ts_us\":" + sinceMs * 1000
                + ",\"until_recv_ts_us\":" + untilMs * 1000 + "}";
    }

    @Test
    void aSpanWhoseTradesMayBeIncompleteIsNotListenedTo() {
        Coverage c = Coverage.of(Exchange.BITFINEX, List.of(
                ev(T - 10_000, "ws_open", "{}"),
                ev(T - 9_000, "subscribed", "{\"channel\":\"trades\"}"),
                // a sequence hole: the last message before it came at T + 130 s
                ev(T + 135_000, "gap", incomplete(T + 130_000, T + 135_000)),
                // a late message loses nothing and cuts nothing
                ev(T + 200_000, "gap", "{\"issue\":\"late\",\"scope\":\"connection\",\"channel\":\"trades\"}"),
                ev(T + 300_000, "ws_close", "{}"),
                ev(T + 301_000, "ws_open", "{}"),
                ev(T + 302_000, "subscribed", "{\"channel\":\"trades\"}"),
                // dropped with no data before it on the connection: back to the span's start
                ev(T + 400_000, "gap", "{\"issue\":\"dropped\",\"trades\":\"possibly incomplete\",\"since_recv_ts_us\":0}"),
                ev(T + 600_000, "run_end", "{}")), 1000);
        assertThat(c.list()).containsExactly(new long[] {T - 8_000, T + 129_000}, new long[] {T + 136_000, T + 299_000},
                new long[] {T + 401_000, T + 599_000});
        assertThat(c.covers(T + 120_000, T + 180_000)).as("the minute of the hole").isFalse();
        assertThat(c.covers(T + 60_000, T + 120_000)).isTrue();
        assertThat(c.covers(T + 180_000, T + 240_000)).as("after the hole, and the late message").isTrue();
        assertThat(c.covers(T + 360_000, T + 420_000)).isFalse();
    }

    @Test
    void aTradingWindowThatClosesWithNoOtherOpenEndsTheSpanUntilTheNextOpensWithTheBookSynced() {
        String day1 = "{\"day\":20261201}";
        String day2 = "{\"day\":20261202}";
        String day3 = "{\"day\":20261203}";
        Coverage c = Coverage.of(Exchange.BINANCE, List.of(
                ev(T, "run_start", "{}"), ev(T, "window_start", day1), ev(T, "ws_open", "{}"),
                ev(T + 100_000, "window_end", day1),
                // the next window opens with the book kept synced across the pause: listening goes on
                ev(T + 200_000, "window_start", day2), ev(T + 200_000, "snapshot", "{\"source\":\"book\",\"last_update_id\":7}"),
                ev(T + 300_000, "window_end", day2),
                // this one opens without a synced book: nothing says the socket was there until it opens again
                ev(T + 400_000, "window_start", day3), ev(T + 400_000, "heartbeat", "{}"),
                ev(T + 450_000, "ws_open", "{}"), ev(T + 500_000, "run_end", "{}")), 0);
        assertThat(c.list()).containsExactly(new long[] {T, T + 100_000}, new long[] {T + 200_000, T + 300_000},
                new long[] {T + 450_000, T + 500_000});
        assertThat(c.covers(T + 120_000, T + 180_000)).as("the pause between the windows").isFalse();
    }

    @Test
    void aRunStartedWhileNoWindowWasOpenListensFromTheNextWindowsDayOpenSnapshot() {
        // nothing of the run's start was written (no day open): its first rows are the window's
        for (Exchange x : Exchange.values()) {
            Coverage c = Coverage.of(x, List.of(
                    ev(T, "window_start", "{\"day\":20261202}"), ev(T, "snapshot", "{\"source\":\"book\"}"),
                    ev(T + 60_000, "heartbeat", "{}"), ev(T + 100_000, "run_end", "{}")), 0);
            assertThat(c.list()).as(x.id()).containsExactly(new long[] {T, T + 100_000});
        }
    }

    @Test
    void aDayClosedByARestoreTheNextMorningEndsWhereItsRunStopped() {
        long morning = T + 15 * 3_600_000L;
        // the evening's day: listened, stopped with a savepoint; restored the next morning, after its window ended
        List<RecordedSymbol.Event> evening = List.of(ev(T, "ws_open", "{}"), ev(T + 60_000, "heartbeat", "{}"),
                ev(morning + 24, "recovery", "{}"), ev(morning + 24, "window_end", "{\"day\":20261201}"));
        // the morning's day: its socket opened before the restored timer that wrote the restore's rows, stamped earlier
        List<RecordedSymbol.Event> next = List.of(ev(morning + 24, "window_start", "{\"day\":20261202}"), ev(morning + 24, "recovery", "{}"),
                ev(morning, "ws_open", "{}"), ev(morning + 600_000, "run_end", "{}"));
        List<RecordedSymbol.Event> stitched = RecordedSymbol.stitch(List.of(evening, next));
        assertThat(stitched).extracting(RecordedSymbol.Event::type).as("each ledger in its own order, the row both days hold once")
                .containsExactly("ws_open", "heartbeat", "recovery", "window_end", "window_start", "ws_open", "run_end");
        Coverage c = Coverage.of(Exchange.BINANCE, stitched, 0);
        assertThat(c.list()).containsExactly(new long[] {T, T + 60_000}, new long[] {morning, morning + 600_000});
    }

    @Test
    void windowsThatOverlapKeepListening() {
        Coverage c = Coverage.of(Exchange.KRAKEN, List.of(
                ev(T, "run_start", "{}"), ev(T, "window_start", "{\"day\":20261201}"), ev(T, "ws_open", "{}"),
                ev(T + 1_000, "subscribed", "{\"channel\":\"trade\"}"),
                ev(T + 100_000, "window_start", "{\"day\":20261202}"), ev(T + 100_000, "snapshot", "{\"source\":\"book\"}"),
                ev(T + 150_000, "window_end", "{\"day\":20261201}"), ev(T + 300_000, "run_end", "{}")), 0);
        assertThat(c.list()).containsExactly(new long[] {T + 1_000, T + 300_000});
    }

    @Test
    void theEssentialRowsOfEachDayGiveTheSpansOfTheWholeLedgers() {
        String[] types = {"heartbeat", "heartbeat", "heartbeat", "snapshot", "ws_open", "subscribed", "ws_close", "ws_error", "reconnect",
                "run_start", "recovery", "run_end", "window_start", "window_end", "gap"};
        java.util.Random r = new java.util.Random(3);
        for (int round = 0; round < 200; round++) {
            // one ledger in time order, written into every day whose window (D 00:00 .. D+1 00:15) holds the row
            java.util.TreeMap<Long, List<RecordedSymbol.Event>> days = new java.util.TreeMap<>();
            long t = T;
            for (int i = 0; i < 300; i++) {
                t += r.nextInt(4) == 0 ? 0 : r.nextInt(600_000);
                String type = types[r.nextInt(types.length)];
                String details = switch (type) {
                    case "subscribed" -> r.nextBoolean() ? "{\"channel\":\"trade\"}" : "{\"channel\":\"book\"}";
                    case "gap" -> r.nextBoolean() ? incomplete(t - r.nextInt(60_000), t) : "{\"issue\":\"late\",\"n\":" + i + "}";
                    case "window_start", "window_end" -> "{\"day\":" + r.nextInt(3) + "}";
                    case "snapshot" -> r.nextBoolean() ? "{\"source\":\"book\",\"n\":" + i + "}" : "{\"source\":\"rest\",\"n\":" + i + "}";
                    default -> "{\"n\":" + i + "}";
                };
                RecordedSymbol.Event e = new RecordedSymbol.Event(t * 1000, type, details);
                long day = Math.floorDiv(t, 86_400_000L);
                days.computeIfAbsent(day, d -> new java.util.ArrayList<>()).add(e);
                if (Math.floorMod(t, 86_400_000L) < 900_000) {
                    days.computeIfAbsent(day - 1, d -> new java.util.ArrayList<>()).add(e);
                }
            }
            List<List<RecordedSymbol.Event>> whole = List.copyOf(days.values());
            List<List<RecordedSymbol.Event>> essential = whole.stream().map(Coverage::essentials).toList();
            for (Exchange x : Exchange.values()) {
                assertThat(Coverage.of(x, RecordedSymbol.stitch(essential), 1000).list()).as("round " + round + " " + x)
                        .containsExactlyElementsOf(Coverage.of(x, RecordedSymbol.stitch(whole), 1000).list());
            }
            assertThat(essential.stream().mapToInt(List::size).sum()).isLessThanOrEqualTo(whole.stream().mapToInt(List::size).sum());
        }
    }
}
