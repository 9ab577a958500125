package io.mm.bench;

import io.mm.core.Exchange;
import io.mm.core.feed.RawFrame;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.TreeMap;

/**
 * A reproducible Binance depth stream for benchmarks: a book of a few hundred levels per side around a
 * random-walking mid price, and depthUpdate frames (10 levels each, contiguous update ids, several ids per
 * event) as Binance's combined stream sends them, plus the REST snapshot the stream starts from.
 */
public final class SyntheticBinance implements Iterator<RawFrame>, java.io.Serializable {
    private static final long serialVersionUID = 1L;
    public static final String SYMBOL = "BENCHUSDT";
    private static final long TICK = 100; // 0.01 at 4 decimals... prices kept in 1e-8 units
    private static final long T0 = 1_704_103_200_000_000L; // 2024-01-01 10:00 UTC

    private final Random random;
    private final long updates;
    private final TreeMap<Long, Long> bids = new TreeMap<>();
    private final TreeMap<Long, Long> asks = new TreeMap<>();
    private long mid = 5_000_000_000_000L; // 50000.00000000
    private long updateId = 1_000_000;
    private long produced;
    private final long snapshotId;
    private final String snapshot;

    public SyntheticBinance(long seed, long updates) {
        this.random = new Random(seed);
        this.updates = updates;
        for (int i = 1; i <= 300; i++) {
            bids.put(mid - i * TICK, qty());
            asks.put(mid + i * TICK, qty());
        }
        snapshotId = updateId;
        snapshot = restBody();
    }

    /** The REST depth body the stream continues from. */
    public String snapshot() {
        return snapshot;
    }

    private long qty() {
        return (1 + random.nextInt(500_000)) * 1000L; // up to 5 units, 8 decimals
    }

    private static String dec(long v) {
        String frac = Long.toString(100_000_000L + v % 100_000_000L); // "1xxxxxxxx": 8 digits with leading zeros
        return (v / 100_000_000L) + "." + frac.substring(1);
    }

    private String restBody() {
        StringBuilder sb = new StringBuilder("{\"lastUpdateId\":").append(snapshotId).append(",\"bids\":[");
        boolean first = true;
        for (var e : bids.descendingMap().entrySet()) {
            sb.append(first ? "" : ",").append("[\"").append(dec(e.getKey())).append("\",\"").append(dec(e.getValue())).append("\"]");
            first = false;
        }
        sb.append("],\"asks\":[");
        first = true;
        for (var e : asks.entrySet()) {
            sb.append(first ? "" : ",").append("[\"").append(dec(e.getKey())).append("\",\"").append(dec(e.getValue())).append("\"]");
            first = false;
        }
        return sb.append("]}").toString();
    }

    @Override
    public boolean hasNext() {
        return produced < updates + 1;
    }

    @Override
    public RawFrame next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        long t = T0 + produced * 1000;
        if (produced++ == 0) {
            return new RawFrame(Exchange.BINANCE, SYMBOL, "0-binance", 1, RawFrame.Type.OPEN, t, -1, "synthetic stream");
        }
        // drift the mid a little, then change 10 levels near the top
        mid += (random.nextInt(3) - 1) * TICK;
        StringBuilder b = new StringBuilder();
        StringBuilder a = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            boolean bid = random.nextBoolean();
            long px = bid ? mid - (1 + random.nextInt(40)) * TICK : mid + (1 + random.nextInt(40)) * TICK;
            long q = random.nextInt(5) == 0 ? 0 : qty();
            TreeMap<Long, Long> side = bid ? bids : asks;
            if (q == 0) {
                side.remove(px);
            } else {
                side.put(px, q);
            }
            StringBuilder s = bid ? b : a;
            s.append(s.length() == 0 ? "" : ",").append("[\"").append(dec(px)).append("\",\"").append(dec(q)).append("\"]");
        }
        long first = updateId + 1;
        updateId += 1 + random.nextInt(3);
        String data = "{\"e\":\"depthUpdate\",\"E\":" + (t / 1000) + ",\"s\":\"" + SYMBOL + "\",\"U\":" + first + ",\"u\":" + updateId
                + ",\"b\":[" + b + "],\"a\":[" + a + "]}";
        return new RawFrame(Exchange.BINANCE, SYMBOL, "0-binance", 1, RawFrame.Type.DATA, t, -1,
                "{\"stream\":\"benchusdt@depth@100ms\",\"data\":" + data + "}");
    }
}
