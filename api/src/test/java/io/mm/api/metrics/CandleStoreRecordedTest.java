package io.mm.api.metrics;

import static io.mm.api.metrics.RecordedDays.DAY;
import static io.mm.api.metrics.RecordedDays.MIN;
import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.Exchange;
import io.mm.core.candle.Candle;
import io.mm.core.candle.HistoryFiles;
import io.mm.core.candle.Interval;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metrics' candles from recorded days: a local close from the recorder's trades exactly where its ledger shows it
 * listened to the whole minute (and the previous close where it listened and saw no trade), the exchange's candle
 * files elsewhere, and what neither covers is missing; each trade of overlapping trading-window days counts once; a
 * day file with a torn last gzip member (a commit appending it) or an unreadable one does not break the answer.
 * References are computed by plain loops over the trades written.
 */
class CandleStoreRecordedTest {
    static final Interval M1 = Interval.parse("1m");
    static final long D1 = LocalDate.of(2026, 11, 20).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    static final long D2 = D1 + DAY;
    static final long START = D1;
    static final long END = D2 + 13 * 3_600_000L;
    /** The exchange's candle file covers [D1 09:00, D1 19:00), with closes that say where they came from. */
    static final long EX_FROM = D1 + 9 * 3_600_000L;
    static final long EX_TO = D1 + 19 * 3_600_000L;

    /** The recorder's listening spans as the ledger below gives them, pulled in by the 1 s margin. */
    static final long[][] LISTENED = {
            {D1 + 31_000, D1 + 36_000_000 + 19_000},
            {D1 + 36_300_000 + 1000, D1 + 64_800_000 - 1000},
            {D1 + 72_000_000 + 1000, D2 + 43_200_000 - 1000}};

    private static RecordedDays recording(Path data) {
        return new RecordedDays(data, "binance", "AAAUSDT").walk(D1 - 600_000, END, 7)
                .event(D1 + 30_000, "run_start", "{}").event(D1 + 30_000, "ws_open", "{}")
                .event(D1 + 36_000_000 + 20_000, "ws_error", "{}").event(D1 + 36_000_000 + 21_000, "reconnect", "{}")
                .event(D1 + 36_300_000, "ws_open", "{}")
                .event(D1 + 40_000_000, "heartbeat", "{}")
                .event(D1 + 64_800_000, "run_end", "{}")
                .event(D1 + 72_000_000, "run_start", "{}").event(D1 + 72_000_000, "ws_open", "{}")
                .event(D2 + 43_200_000, "run_end", "{}");
    }

    private static TreeMap<Long, Double> exchangeFile(Path data) throws Exception {
        List<Candle> ex = new ArrayList<>();
        TreeMap<Long, Double> closes = new TreeMap<>();
        for (long t = EX_FROM; t < EX_TO; t += MIN) {
            String c = Long.toString(7_000 + (t - EX_FROM) / MIN);
            ex.add(new Candle(t, t + MIN - 1, c, c, c, c, "1", 1, Candle.Source.EXCHANGE));
            closes.put(t, Double.parseDouble(c));
        }
        HistoryFiles.writeCandles(HistoryFiles.candles(data, Exchange.BINANCE, "AAAUSDT", M1, EX_FROM, EX_TO), ex);
        return closes;
    }

    static boolean listened(long o) {
        for (long[] s : LISTENED) {
            if (s[0] <= o && o + MIN <= s[1]) {
                return true;
            }
        }
        return false;
    }

    /** The expected series, minute by minute: combine's rule as a plain loop. */
    private record Expected(TreeMap<Long, Double> closes, int local, int exchange, List<long[]> missing) {}

    private static Expected expected(TreeMap<Long, String> tradeCloses, TreeMap<Long, Double> exchange, long distrustFrom) {
        TreeMap<Long, Double> out = new TreeMap<>();
        int local = 0;
        int ex = 0;
        List<long[]> missing = new ArrayList<>();
        Double prev = null;
        for (long o = START; o < END; o += MIN) {
            boolean listened = listened(o) && o + MIN <= distrustFrom;
            Double c = null;
            if (listened && tradeCloses.containsKey(o)) {
                c = Double.parseDouble(tradeCloses.get(o));
                local++;
            } else if (listened && prev != null) {
                c = prev;
                local++;
            } else if (exchange.containsKey(o)) {
                c = exchange.get(o);
                ex++;
            }
            if (c != null) {
                out.put(o, c);
                prev = c;
            }
            boolean known = listened || (o >= EX_FROM && o < EX_TO);
            if (!known) {
                if (!missing.isEmpty() && missing.get(missing.size() - 1)[1] == o) {
                    missing.get(missing.size() - 1)[1] = o + MIN;
                } else {
                    missing.add(new long[] {o, o + MIN});
                }
            }
        }
        return new Expected(out, local, ex, missing);
    }

    private static void assertSeries(CandleStore.Series s, Expected e) {
        assertThat(s.closes()).isEqualTo(e.closes);
        assertThat(s.localCandles()).isEqualTo(e.local);
        assertThat(s.exchangeCandles()).isEqualTo(e.exchange);
        assertThat(s.missing()).extracting(Arrays::toString).containsExactlyElementsOf(e.missing.stream().map(Arrays::toString).toList());
    }

    @Test
    void localClosesWhereTheLedgerShowsTheRecorderListenedAndTheExchangesFilesElsewhere(@TempDir Path data) throws Exception {
        RecordedDays rec = recording(data);
        Map<String, Path> files = rec.write(System.currentTimeMillis() - DAY);
        assertThat(files).as("the walk touches three trading days, two of them overlapping").hasSize(3);
        TreeMap<Long, Double> exchange = exchangeFile(data);
        CandleStore store = new CandleStore(data, null);
        Expected e = expected(rec.closes(MIN), exchange, Long.MAX_VALUE);
        assertThat(e.local).as("the fixture has local minutes, empty listened ones and exchange ones").isGreaterThan(1500);
        assertThat(e.exchange).as("10:00-10:05 and 17:59-18:59: a cut costs the minutes it touches").isEqualTo(6 + 61);
        CandleStore.Series s = store.load(Exchange.BINANCE, "AAAUSDT", M1, START, END);
        assertSeries(s, e);
        assertThat(s.closes().get(D1 + 10 * 3_600_000L)).as("10:00 was cut by a reconnect: the exchange's candle").isEqualTo(7_060.0);
        // the live trades may close only what the ledger does not say the recorder missed
        assertThat(s.liveMayFill().test(D1 + 10 * 3_600_000L)).as("10:00, cut by a reconnect").isFalse();
        assertThat(s.liveMayFill().test(D1 + 19 * 3_600_000L)).as("19:00, between two runs").isFalse();
        assertThat(s.liveMayFill().test(D1 + 12 * 3_600_000L)).as("12:00, listened").isTrue();
        assertThat(s.liveMayFill().test(D2 + 12 * 3_600_000L + 30 * MIN)).as("past the ledger's last row: not known yet").isTrue();
        assertThat(store.load(Exchange.BINANCE, "AAAUSDT", M1, START, END).closes()).as("again, from what was kept").isEqualTo(s.closes());
    }

    @Test
    void aClosedDaysCandlesAreKeptOnDiskAndAnotherProcessReadsThemInsteadOfItsTrades(@TempDir Path data) throws Exception {
        RecordedDays rec = recording(data);
        Map<String, Path> files = rec.write(System.currentTimeMillis() - DAY);
        TreeMap<Long, Double> exchange = exchangeFile(data);
        CandleStore first = new CandleStore(data, null);
        CandleStore.Series s = first.load(Exchange.BINANCE, "AAAUSDT", M1, START, END);
        assertThat(first.recorded().tradeFilesRead()).isEqualTo(3);
        Path history = data.resolve("binance/AAAUSDT/history");
        Path kept = history.resolve("recorded_1m_" + dayOf(D1) + ".csv.gz");
        assertThat(history.resolve("recorded_1m_" + dayOf(D1 - DAY) + ".csv.gz")).as("the next day's trades began: closed").exists();
        assertThat(history.resolve("recorded_1m_" + D2Day() + ".csv.gz")).as("the newest day may still grow").doesNotExist();
        // the kept day holds its candles as combine's local side builds them from its share of the trades
        long d2FirstTradeUs = rec.trades.stream().filter(t -> t.tsUs() >= D2 * 1000).findFirst().orElseThrow().tsUs();
        TreeMap<Long, String> share = new TreeMap<>();
        for (RecordedDays.Trade t : rec.trades) {
            if (t.tsUs() >= D1 * 1000 && t.tsUs() < d2FirstTradeUs) {
                share.put(M1.floor(t.tsUs() / 1000), t.price());
            }
        }
        List<Candle> rows = HistoryFiles.readCandles(kept);
        assertThat(rows).extracting(Candle::close).containsExactlyElementsOf(share.values());
        assertThat(rows).extracting(Candle::source).containsOnly(Candle.Source.RECORDED);

        CandleStore restarted = new CandleStore(data, null);
        assertThat(restarted.load(Exchange.BINANCE, "AAAUSDT", M1, START, END).closes()).isEqualTo(s.closes());
        assertThat(restarted.recorded().tradeFilesRead()).as("only the newest day's trades are read again").isEqualTo(1);

        // a trades file changed after its candles were kept: they are built again
        Files.setLastModifiedTime(kept, FileTime.fromMillis(Files.getLastModifiedTime(files.get(dayOf(D1))).toMillis() - 1000));
        CandleStore again = new CandleStore(data, null);
        assertSeries(again.load(Exchange.BINANCE, "AAAUSDT", M1, START, END), expected(rec.closes(MIN), exchange, Long.MAX_VALUE));
        assertThat(again.recorded().tradeFilesRead()).isEqualTo(2);
    }

    @Test
    void aSmallCacheLetsTheLeastRecentlyUsedFilesGoAndAnswersTheSame(@TempDir Path data) throws Exception {
        recording(data).write(System.currentTimeMillis() - DAY);
        exchangeFile(data);
        CandleStore.Series full = new CandleStore(data, null).load(Exchange.BINANCE, "AAAUSDT", M1, START, END);
        // less than the three days' candles (some 16 bytes each, 1,440 a day) and the exchange's file together
        long budget = 40_000;
        CandleStore small = new CandleStore(data, null, CandleStore.DEFAULT_MARGIN_MS, budget);
        for (int i = 0; i < 3; i++) {
            assertThat(small.load(Exchange.BINANCE, "AAAUSDT", M1, START, END).closes()).isEqualTo(full.closes());
            assertThat(small.cachedBytes()).isPositive().isLessThanOrEqualTo(budget);
        }
    }

    @Test
    void aTornLastMemberOfTodaysFileIsReadUpToItsLastCompleteMember(@TempDir Path data) throws Exception {
        RecordedDays rec = recording(data);
        Map<String, Path> files = rec.write(System.currentTimeMillis() - DAY);
        TreeMap<Long, Double> exchange = exchangeFile(data);
        Path today = files.get(D2Day());
        byte[] more = RecordedDays.member("1,2,3,4,5,6,7,8,\n".repeat(2000));
        Files.write(today, Arrays.copyOf(more, more.length / 2), StandardOpenOption.APPEND);
        Files.setLastModifiedTime(today, FileTime.fromMillis(System.currentTimeMillis()));
        CandleStore store = new CandleStore(data, null);
        CandleStore.Series s = store.load(Exchange.BINANCE, "AAAUSDT", M1, START, END);
        // a file being written is trusted up to the minute of its last trade read: its ledger may be further ahead
        long lastTradeMs = rec.trades.get(rec.trades.size() - 1).tsUs() / 1000;
        assertSeries(s, expected(rec.closes(MIN), exchange, lastTradeMs));
    }

    @Test
    void aFileBeingWrittenIsNotTrustedPastItsLastTrade(@TempDir Path data) throws Exception {
        RecordedDays rec = new RecordedDays(data, "binance", "AAAUSDT").walk(D1 + 60_000, D1 + 3_600_000, 3)
                .event(D1, "ws_open", "{}").event(D1 + 7_200_000, "heartbeat", "{}");
        rec.write(System.currentTimeMillis());
        long lastOpen = M1.floor(rec.trades.get(rec.trades.size() - 1).tsUs() / 1000);
        CandleStore.Series running = new CandleStore(data, null).load(Exchange.BINANCE, "AAAUSDT", M1, D1, D1 + 7_200_000);
        assertThat(running.closes().lastKey()).as("the minute of the last trade may still be filling").isEqualTo(lastOpen - MIN);
        assertThat(running.missing().get(running.missing().size() - 1)).containsExactly(lastOpen, D1 + 7_200_000);

        rec.write(System.currentTimeMillis() - DAY);
        CandleStore.Series closed = new CandleStore(data, null).load(Exchange.BINANCE, "AAAUSDT", M1, D1, D1 + 7_200_000);
        assertThat(closed.closes().lastKey()).as("a closed day: listened minutes after the last trade carry its close")
                .isEqualTo(D1 + 7_200_000 - 2 * MIN);
        assertThat(closed.closes().get(D1 + 7_200_000 - 2 * MIN)).isEqualTo(Double.parseDouble(rec.closes(MIN).lastEntry().getValue()));

        // the next day's file has begun, its first trades not committed yet: nothing after the newest trade is known
        String next = dayOf(D2);
        Path nextFile = data.resolve("binance/AAAUSDT").resolve(next).resolve(io.mm.core.contract.ContractFile.TRADES.relativePath("AAAUSDT", next));
        Files.createDirectories(nextFile.getParent());
        Files.write(nextFile, RecordedDays.member(io.mm.core.contract.ContractFile.TRADES.headerLine(0)));
        CandleStore.Series begun = new CandleStore(data, null).load(Exchange.BINANCE, "AAAUSDT", M1, D1, D1 + 7_200_000);
        assertThat(begun.closes().lastKey()).isEqualTo(lastOpen - MIN);
    }

    @Test
    void anUnreadableDayFileGivesNoLocalCandlesAndBreaksNothing(@TempDir Path data) throws Exception {
        RecordedDays rec = recording(data);
        Map<String, Path> files = rec.write(System.currentTimeMillis() - DAY);
        exchangeFile(data);
        Path first = files.get(dayOf(D1));
        byte[] bytes = Files.readAllBytes(first);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(first, bytes);
        CandleStore.Series s = new CandleStore(data, null).load(Exchange.BINANCE, "AAAUSDT", M1, START, END);
        long d2FirstTrade = rec.trades.stream().filter(t -> t.tsUs() >= D2 * 1000).findFirst().orElseThrow().tsUs() / 1000;
        TreeMap<Long, String> byTrades = rec.closes(MIN);
        for (Map.Entry<Long, Double> c : s.closes().entrySet()) {
            if (c.getKey() < d2FirstTrade) {
                assertThat(c.getValue()).as("before the next day's share, only the exchange's candles: " + c.getKey()).isGreaterThanOrEqualTo(7_000.0)
                        .isLessThan(8_000.0);
            }
        }
        long probe = D2 + 3_600_000;
        assertThat(s.closes().get(probe)).as("the next day still gives its local candles")
                .isEqualTo(byTrades.containsKey(probe) ? Double.parseDouble(byTrades.get(probe)) : s.closes().lowerEntry(probe).getValue());
    }

    @Test
    void anUnreadableLedgerTrustsNoTradesOfItsDays(@TempDir Path data) throws Exception {
        RecordedDays rec = recording(data);
        rec.write(System.currentTimeMillis() - DAY);
        TreeMap<Long, Double> exchange = exchangeFile(data);
        String day = dayOf(D1);
        Files.write(data.resolve("binance/AAAUSDT").resolve(day).resolve(io.mm.core.contract.ContractFile.EVENTS.relativePath("AAAUSDT", day)),
                new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13});
        CandleStore.Series s = new CandleStore(data, null).load(Exchange.BINANCE, "AAAUSDT", M1, START, END);
        assertThat(s.localCandles()).as("the day's ledger might have held a disconnect: its trading window is not trusted").isZero();
        assertThat(s.closes()).isEqualTo(exchange);
    }

    static String dayOf(long ms) {
        return java.time.Instant.ofEpochMilli(ms).atZone(ZoneOffset.UTC).toLocalDate().format(io.mm.core.contract.DayDirectory.DAY);
    }

    static String D2Day() {
        return dayOf(D2);
    }
}
