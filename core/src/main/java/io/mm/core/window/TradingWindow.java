package io.mm.core.window;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;

/**
 * The recorder's trading window: day D runs from {@code WINDOW_START_HHMM} on D to {@code WINDOW_END_HHMM} on
 * D + {@code WINDOW_END_DAY_OFFSET}, in {@code WINDOW_TZ} (defaults Europe/Berlin, 00:00, 00:15, 1), so
 * consecutive windows overlap and a message inside two windows belongs to both days. Times outside every
 * window belong to no day (nothing is recorded then).
 *
 * <p>{@link #daysAt} is called per message, so it answers from a cached interval between boundaries and
 * only recomputes when a boundary is crossed.
 */
public final class TradingWindow {
    public static final String DEFAULT_TZ = "Europe/Berlin";

    private final ZoneId zone;
    private final LocalTime start;
    private final LocalTime end;
    private final int endDayOffset;

    // cache: for t in [cacheFrom, cacheTo) the days are cacheDays[0..cacheCount)
    private long cacheFrom = Long.MAX_VALUE;
    private long cacheTo = Long.MIN_VALUE;
    private final int[] cacheDays;
    private int cacheCount;

    public TradingWindow(ZoneId zone, LocalTime start, LocalTime end, int endDayOffset) {
        if (endDayOffset < 0 || endDayOffset > 7) {
            throw new IllegalArgumentException("WINDOW_END_DAY_OFFSET must be between 0 and 7, got " + endDayOffset);
        }
        if (endDayOffset == 0 && !end.isAfter(start)) {
            throw new IllegalArgumentException("WINDOW_END_HHMM " + end + " must be after WINDOW_START_HHMM " + start
                    + " when WINDOW_END_DAY_OFFSET is 0");
        }
        this.zone = zone;
        this.start = start;
        this.end = end;
        this.endDayOffset = endDayOffset;
        this.cacheDays = new int[endDayOffset + 2];
    }

    /** The defaults of the original recorder: Europe/Berlin, 00:00 to 00:15 the next day. */
    public static TradingWindow defaults() {
        return new TradingWindow(ZoneId.of(DEFAULT_TZ), LocalTime.MIDNIGHT, LocalTime.of(0, 15), 1);
    }

    /**
     * Builds a window from the original's settings, with errors that name the setting.
     *
     * @throws IllegalArgumentException naming {@code WINDOW_TZ}, {@code WINDOW_START_HHMM},
     *                                  {@code WINDOW_END_HHMM} or {@code WINDOW_END_DAY_OFFSET}
     */
    public static TradingWindow parse(String tz, String startHhmm, String endHhmm, String endDayOffset) {
        ZoneId zone;
        try {
            zone = ZoneId.of(tz.trim());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("WINDOW_TZ '" + tz + "' is not a time zone (e.g. Europe/Berlin, UTC)");
        }
        LocalTime s = hhmm("WINDOW_START_HHMM", startHhmm);
        LocalTime e = hhmm("WINDOW_END_HHMM", endHhmm);
        int off;
        try {
            off = Integer.parseInt(endDayOffset.trim());
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("WINDOW_END_DAY_OFFSET '" + endDayOffset + "' is not an integer");
        }
        return new TradingWindow(zone, s, e, off);
    }

    private static LocalTime hhmm(String name, String v) {
        try {
            String t = v.trim();
            if (!t.matches("\\d{1,2}:\\d{2}")) {
                throw new DateTimeParseException("not HH:MM", t, 0);
            }
            if (t.length() == 4) {
                t = "0" + t;
            }
            return LocalTime.parse(t);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " '" + v + "' is not a 24h time HH:MM");
        }
    }

    public ZoneId zone() {
        return zone;
    }

    public LocalTime start() {
        return start;
    }

    public LocalTime end() {
        return end;
    }

    public int endDayOffset() {
        return endDayOffset;
    }

    /** Start of day D's window, microseconds since the epoch. */
    public long windowStartUs(LocalDate day) {
        return micros(ZonedDateTime.of(day, start, zone).toInstant());
    }

    /** End (exclusive) of day D's window, microseconds since the epoch. */
    public long windowEndUs(LocalDate day) {
        return micros(ZonedDateTime.of(day.plusDays(endDayOffset), end, zone).toInstant());
    }

    /**
     * The days whose window contains {@code tsUs}, oldest first, as {@code YYYYMMDD} ints written into
     * {@code out} (length at least {@link #maxDays()}).
     *
     * @return how many days were written (0 outside every window)
     */
    public int daysAt(long tsUs, int[] out) {
        if (tsUs < cacheFrom || tsUs >= cacheTo) {
            recompute(tsUs);
        }
        System.arraycopy(cacheDays, 0, out, 0, cacheCount);
        return cacheCount;
    }

    /** The most days one instant can belong to. */
    public int maxDays() {
        return endDayOffset + 2;
    }

    /** The first window start or end strictly after {@code tsUs}. */
    public long nextBoundaryUs(long tsUs) {
        if (tsUs < cacheFrom || tsUs >= cacheTo) {
            recompute(tsUs);
        }
        return cacheTo;
    }

    private void recompute(long tsUs) {
        LocalDate local = Instant.ofEpochSecond(Math.floorDiv(tsUs, 1_000_000L)).atZone(zone).toLocalDate();
        cacheCount = 0;
        long from = Long.MIN_VALUE;
        long to = Long.MAX_VALUE;
        for (LocalDate d = local.minusDays(endDayOffset + 1L); !d.isAfter(local.plusDays(1)); d = d.plusDays(1)) {
            long s = windowStartUs(d);
            long e = windowEndUs(d);
            if (tsUs >= s && tsUs < e) {
                cacheDays[cacheCount++] = d.getYear() * 10000 + d.getMonthValue() * 100 + d.getDayOfMonth();
                from = Math.max(from, s);
                to = Math.min(to, e);
            } else if (s > tsUs) {
                to = Math.min(to, s);
            } else {
                from = Math.max(from, e);
            }
        }
        // a following day's start may also bound the interval
        LocalDate next = local.plusDays(2);
        to = Math.min(to, windowStartUs(next));
        cacheFrom = from == Long.MIN_VALUE ? tsUs : from;
        cacheTo = to;
    }

    private static long micros(Instant i) {
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1000;
    }

    @Override
    public String toString() {
        return "TradingWindow{" + zone + " " + start + " -> " + end + " +" + endDayOffset + "d}";
    }
}
