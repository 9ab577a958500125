package io.mm.core.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The trading window: which days an instant belongs to, across DST and odd zones, and the settings' errors. */
class TradingWindowTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static long us(String localDateTime, ZoneId zone) {
        Instant i = LocalDateTime.parse(localDateTime).atZone(zone).toInstant();
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1000;
    }

    private static List<Integer> days(TradingWindow w, long tsUs) {
        int[] out = new int[w.maxDays()];
        int n = w.daysAt(tsUs, out);
        List<Integer> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(out[i]);
        }
        return l;
    }

    @ParameterizedTest(name = "{0} Berlin -> {1}")
    @CsvSource({
        "2024-01-01T00:00:00, 20231231 20240101",
        "2024-01-01T00:14:59.999999, 20231231 20240101",
        "2024-01-01T00:15:00, 20240101",
        "2024-01-01T12:00:00, 20240101",
        "2024-01-01T23:59:59.999999, 20240101",
        "2024-01-02T00:00:00, 20240101 20240102",
        "2023-12-31T23:59:59.999999, 20231231",
    })
    void defaultsOverlapFifteenMinutesAtBerlinMidnight(String local, String expected) {
        TradingWindow w = TradingWindow.defaults();
        List<Integer> want = Arrays.stream(expected.split(" ")).map(Integer::valueOf).toList();
        assertThat(days(w, us(local, BERLIN))).isEqualTo(want);
    }

    @Test
    void defaultWindowsAcrossDaylightSavingChanges() {
        TradingWindow w = TradingWindow.defaults();
        // spring forward (2024-03-31 02:00 CET -> 03:00 CEST): that day's window is one hour shorter
        long start = w.windowStartUs(LocalDate.of(2024, 3, 31));
        long end = w.windowEndUs(LocalDate.of(2024, 3, 31));
        assertThat(start).isEqualTo(us("2024-03-31T00:00:00", BERLIN)).isEqualTo(us("2024-03-30T23:00:00", ZoneId.of("UTC")));
        assertThat(end - start).isEqualTo((23 * 3600L + 15 * 60) * 1_000_000L);
        // fall back (2024-10-27 03:00 CEST -> 02:00 CET): one hour longer
        long s2 = w.windowStartUs(LocalDate.of(2024, 10, 27));
        assertThat(w.windowEndUs(LocalDate.of(2024, 10, 27)) - s2).isEqualTo((25 * 3600L + 15 * 60) * 1_000_000L);
        // the repeated hour 02:00-03:00 belongs to 20241027 only, both times round
        assertThat(days(w, us("2024-10-27T00:30:00", ZoneId.of("UTC")))).containsExactly(20241027);
        assertThat(days(w, us("2024-10-27T01:30:00", ZoneId.of("UTC")))).containsExactly(20241027);
    }

    @Test
    void sameDayWindowLeavesNightsInNoDay() {
        TradingWindow w = TradingWindow.parse("UTC", "9:30", "16:00", "0");
        assertThat(days(w, us("2024-05-02T09:29:59.999999", ZoneId.of("UTC")))).isEmpty();
        assertThat(days(w, us("2024-05-02T09:30:00", ZoneId.of("UTC")))).containsExactly(20240502);
        assertThat(days(w, us("2024-05-02T16:00:00", ZoneId.of("UTC")))).isEmpty();
        assertThat(w.nextBoundaryUs(us("2024-05-02T16:00:00", ZoneId.of("UTC")))).isEqualTo(us("2024-05-03T09:30:00", ZoneId.of("UTC")));
        assertThat(w.maxDays()).isEqualTo(2);
    }

    static final String[] ZONES = {
        "Europe/Berlin", "UTC", "America/New_York", "Asia/Kathmandu", "America/St_Johns", "Australia/Lord_Howe", "Pacific/Apia",
        "Asia/Tokyo", "Pacific/Chatham", "America/Sao_Paulo", "Africa/Casablanca", "Pacific/Kiritimati",
    };

    static LongStream seeds() {
        return LongStream.range(0, 200);
    }

    /**
     * {@link TradingWindow#daysAt} and {@link TradingWindow#nextBoundaryUs} answer from a cached interval; over
     * random zones (DST, half-hour and 45-minute offsets, Apia's skipped day 2011-12-30), random settings and
     * random instants (many exactly on or one microsecond around a boundary, queried in random order and in
     * runs) they must equal a brute force over every day's window.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void cachedAnswersEqualABruteForceOverEveryWindow(long seed) {
        Random rnd = new Random(seed);
        ZoneId zone = ZoneId.of(ZONES[rnd.nextInt(ZONES.length)]);
        int offset = rnd.nextInt(4) == 0 ? rnd.nextInt(8) : rnd.nextInt(2);
        LocalTime start = LocalTime.of(rnd.nextInt(24), rnd.nextInt(4) * 15);
        LocalTime end = LocalTime.of(rnd.nextInt(24), rnd.nextInt(60));
        if (offset == 0 && !end.isAfter(start)) {
            end = start.plusMinutes(1 + rnd.nextInt((int) (java.time.Duration.between(start, LocalTime.MAX).toMinutes())));
        }
        TradingWindow w = new TradingWindow(zone, start, end, offset);
        String config = w.toString();
        // around DST changes and Apia's skipped day, or anywhere in 2000..2040
        long[] anchors = {us("2011-12-29T12:00:00", ZoneId.of("UTC")), us("2024-03-31T01:00:00", ZoneId.of("UTC")),
            us("2024-10-27T01:00:00", ZoneId.of("UTC")), us("2024-11-03T06:00:00", ZoneId.of("UTC"))};
        long t = anchors[rnd.nextInt(anchors.length)];
        int[] out = new int[w.maxDays()];
        for (int q = 0; q < 150; q++) {
            int how = rnd.nextInt(10);
            if (how < 3) {
                t = 946_684_800_000_000L + (long) (rnd.nextDouble() * 40 * 365.25 * 86_400_000_000L);
            } else if (how < 6) {
                t += rnd.nextInt(3_600_000) * 1_000L * (rnd.nextBoolean() ? 1 : -1);
            } else if (how < 8) {
                // exactly on the next boundary, or a microsecond either side of it
                t = w.nextBoundaryUs(t) + rnd.nextInt(3) - 1;
            } else if (how < 9) {
                // back onto the last boundary at or before t, or just below it (the cache's lower end)
                t = brute(w, zone, offset, t).previous - rnd.nextInt(2);
            } else {
                t = anchors[rnd.nextInt(anchors.length)] + rnd.nextInt(200_000) * 1_000_000L;
            }
            int n = w.daysAt(t, out);
            List<Integer> got = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                got.add(out[i]);
            }
            Brute b = brute(w, zone, offset, t);
            assertThat(got).as("%s at %s (%d)", config, Instant.ofEpochSecond(0, t * 1000), t).isEqualTo(b.days);
            assertThat(n).isLessThanOrEqualTo(w.maxDays());
            assertThat(w.nextBoundaryUs(t)).as("%s next boundary after %s", config, Instant.ofEpochSecond(0, t * 1000)).isEqualTo(b.next);
        }
    }

    record Brute(List<Integer> days, long next, long previous) {}

    /** Every window of every day around {@code t}, checked one by one. */
    private static Brute brute(TradingWindow w, ZoneId zone, int offset, long t) {
        LocalDate local = Instant.ofEpochSecond(Math.floorDiv(t, 1_000_000L)).atZone(zone).toLocalDate();
        List<Integer> days = new ArrayList<>();
        long next = Long.MAX_VALUE;
        long previous = Long.MIN_VALUE;
        for (LocalDate d = local.minusDays(offset + 3L); !d.isAfter(local.plusDays(3)); d = d.plusDays(1)) {
            long s = w.windowStartUs(d);
            long e = w.windowEndUs(d);
            assertThat(s).isEqualTo(ZonedDateTime.of(d, w.start(), zone).toInstant().toEpochMilli() * 1000);
            if (s <= t && t < e) {
                days.add(d.getYear() * 10000 + d.getMonthValue() * 100 + d.getDayOfMonth());
            }
            if (s > t) {
                next = Math.min(next, s);
            }
            if (e > t) {
                next = Math.min(next, e);
            }
            if (s <= t) {
                previous = Math.max(previous, s);
            }
            if (e <= t) {
                previous = Math.max(previous, e);
            }
        }
        return new Brute(days, next, previous);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "Mars/Olympus|00:00|00:15|1|WINDOW_TZ 'Mars/Olympus'",
        "Europe/Berlin|25:00|00:15|1|WINDOW_START_HHMM '25:00'",
        "Europe/Berlin|7.30|00:15|1|WINDOW_START_HHMM '7.30'",
        "Europe/Berlin|00:00|24:00|1|WINDOW_END_HHMM '24:00'",
        "Europe/Berlin|00:00|noon|1|WINDOW_END_HHMM 'noon'",
        "Europe/Berlin|00:00|00:15|one|WINDOW_END_DAY_OFFSET 'one'",
        "Europe/Berlin|00:00|00:15|8|WINDOW_END_DAY_OFFSET must be between 0 and 7",
        "Europe/Berlin|00:00|00:15|-1|WINDOW_END_DAY_OFFSET must be between 0 and 7",
        "Europe/Berlin|10:00|09:00|0|WINDOW_END_HHMM 09:00 must be after WINDOW_START_HHMM 10:00",
        "Europe/Berlin|10:00|10:00|0|must be after WINDOW_START_HHMM",
    })
    void badSettingsAreNamed(String tz, String start, String end, String offset, String message) {
        assertThatThrownBy(() -> TradingWindow.parse(tz, start, end, offset)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void settingsAreTrimmedAndSingleDigitHoursAccepted() {
        TradingWindow w = TradingWindow.parse(" Europe/Berlin ", " 0:00", "0:15 ", " 1 ");
        assertThat(w.zone()).isEqualTo(BERLIN);
        assertThat(w.start()).isEqualTo(LocalTime.MIDNIGHT);
        assertThat(w.end()).isEqualTo(LocalTime.of(0, 15));
        assertThat(w.endDayOffset()).isEqualTo(1);
        assertThat(w.maxDays()).isEqualTo(3);
    }
}
