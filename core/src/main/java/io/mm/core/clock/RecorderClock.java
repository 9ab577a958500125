package io.mm.core.clock;

import java.io.Serializable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The recorder's notion of "now": receive timestamps, trading-window days, heartbeats. The system clock in
 * production; a <em>driven</em> clock for tests and demos, which starts at a chosen instant and runs at a
 * chosen speed from an anchor on the wall clock, so every task of a job (and every JVM) agrees on it and a
 * day rollover can be crossed in seconds. Spec: {@code system} or
 * {@code start=2024-01-01T23:59:30+01:00,speed=60[,anchor=<epoch ms>]}.
 */
public abstract class RecorderClock implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Now, microseconds since the epoch. */
    public abstract long nowMicros();

    /** The wall-clock millisecond at which this clock reads {@code clockMicros} (for processing-time timers). */
    public abstract long wallMillisAt(long clockMicros);

    public static RecorderClock system() {
        return new SystemClock();
    }

    /**
     * @throws IllegalArgumentException naming what is wrong with the spec
     */
    public static RecorderClock parse(String spec, long anchorWallMillis) {
        if (spec == null || spec.isBlank() || spec.trim().equals("system")) {
            return system();
        }
        long start = Long.MIN_VALUE;
        double speed = 1;
        long anchor = anchorWallMillis;
        for (String part : spec.split(",")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("clock '" + spec + "': expected key=value, got '" + part + "'");
            }
            switch (kv[0].trim()) {
                case "start" -> {
                    try {
                        Instant i = OffsetDateTime.parse(kv[1].trim()).toInstant();
                        start = i.getEpochSecond() * 1_000_000L + i.getNano() / 1000;
                    } catch (DateTimeParseException e) {
                        throw new IllegalArgumentException("clock start '" + kv[1] + "' is not an ISO-8601 time with offset");
                    }
                }
                case "speed" -> {
                    try {
                        speed = Double.parseDouble(kv[1].trim());
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("clock speed '" + kv[1] + "' is not a number");
                    }
                    if (!(speed > 0)) {
                        throw new IllegalArgumentException("clock speed must be positive, got " + kv[1]);
                    }
                }
                case "anchor" -> {
                    try {
                        anchor = Long.parseLong(kv[1].trim());
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("clock anchor '" + kv[1] + "' is not epoch milliseconds");
                    }
                }
                default -> throw new IllegalArgumentException("clock '" + spec + "': unknown key '" + kv[0] + "' (start, speed, anchor)");
            }
        }
        if (start == Long.MIN_VALUE) {
            throw new IllegalArgumentException("clock '" + spec + "' needs start=<ISO-8601 time with offset>");
        }
        return new DrivenClock(start, speed, anchor);
    }

    static long wallMicros() {
        Instant i = Instant.now();
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1000;
    }

    private static final class SystemClock extends RecorderClock {
        private static final long serialVersionUID = 1L;

        @Override
        public long nowMicros() {
            return wallMicros();
        }

        @Override
        public long wallMillisAt(long clockMicros) {
            return Math.floorDiv(clockMicros, 1000);
        }

        @Override
        public String toString() {
            return "system";
        }
    }

    private static final class DrivenClock extends RecorderClock {
        private static final long serialVersionUID = 1L;
        private final long startMicros;
        private final double speed;
        private final long anchorWallMillis;

        DrivenClock(long startMicros, double speed, long anchorWallMillis) {
            this.startMicros = startMicros;
            this.speed = speed;
            this.anchorWallMillis = anchorWallMillis;
        }

        @Override
        public long nowMicros() {
            return startMicros + (long) ((wallMicros() - anchorWallMillis * 1000) * speed);
        }

        @Override
        public long wallMillisAt(long clockMicros) {
            return anchorWallMillis + (long) Math.ceil((clockMicros - startMicros) / speed / 1000.0);
        }

        @Override
        public String toString() {
            return "start=" + Instant.ofEpochSecond(0, startMicros * 1000) + ",speed=" + speed + ",anchor=" + anchorWallMillis;
        }
    }
}
