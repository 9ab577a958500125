package io.mm.core.bench;

import io.mm.core.bitfinex.BitfinexChecksum;
import io.mm.core.bitfinex.BitfinexParser;
import io.mm.core.book.LocalOrderBook;
import io.mm.core.feed.FrameKind;
import io.mm.core.kraken.KrakenChecksum;
import io.mm.core.kraken.KrakenParser;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Reproducible, realistic frames for the benchmarks, generated once per trial and replayed from a ring.
 * Each ring starts from a snapshot; the benchmarks put the engine's book back to that snapshot when they
 * wrap, so every checksum in the ring matches and every update takes the SYNCED path.
 */
final class BenchData {
    static final int RING = 4096;

    private BenchData() {}

    @SuppressWarnings("unchecked")
    private static TreeMap<Long, Long>[] book() {
        return new TreeMap[] {new TreeMap<Long, Long>(Comparator.reverseOrder()), new TreeMap<Long, Long>()};
    }

    private static String dec(long units, int decimals) {
        return BigDecimal.valueOf(units, decimals).toPlainString();
    }

    /** As {@code SyntheticBinance} (the replay benchmark): a 300-level book, 10 levels per combined-stream frame. */
    record Binance(String snapshot, long snapshotId, String[] frames) {}

    static Binance binance(long seed, int levelsPerUpdate) {
        Random rnd = new Random(seed);
        long tick = 100; // 0.000001 in 1e-8 units; prices near 50000.00000000
        long mid = 5_000_000_000_000L;
        TreeMap<Long, Long>[] b = book();
        for (int i = 1; i <= 300; i++) {
            b[0].put(mid - i * tick, qty(rnd));
            b[1].put(mid + i * tick, qty(rnd));
        }
        long id = 1_000_000;
        StringBuilder sb = new StringBuilder("{\"lastUpdateId\":").append(id);
        for (int s = 0; s < 2; s++) {
            sb.append(s == 0 ? ",\"bids\":[" : ",\"asks\":[");
            boolean first = true;
            for (Map.Entry<Long, Long> e : b[s].entrySet()) {
                sb.append(first ? "" : ",").append("[\"").append(dec(e.getKey(), 8)).append("\",\"").append(dec(e.getValue(), 8)).append("\"]");
                first = false;
            }
            sb.append(']');
        }
        String snapshot = sb.append('}').toString();
        long snapshotId = id;
        String[] frames = new String[RING];
        long t = 1_704_103_200_000L;
        for (int k = 0; k < RING; k++) {
            mid += (rnd.nextInt(3) - 1) * tick;
            StringBuilder bids = new StringBuilder();
            StringBuilder asks = new StringBuilder();
            for (int i = 0; i < levelsPerUpdate; i++) {
                boolean bid = rnd.nextBoolean();
                long px = bid ? mid - (1 + rnd.nextInt(40)) * tick : mid + (1 + rnd.nextInt(40)) * tick;
                long q = rnd.nextInt(5) == 0 ? 0 : qty(rnd);
                StringBuilder x = bid ? bids : asks;
                x.append(x.length() == 0 ? "" : ",").append("[\"").append(dec(px, 8)).append("\",\"").append(dec(q, 8)).append("\"]");
            }
            long first = id + 1;
            id += 1 + rnd.nextInt(3);
            frames[k] = "{\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":" + (t + k * 100) + ",\"s\":\"BTCUSDT\",\"U\":"
                    + first + ",\"u\":" + id + ",\"b\":[" + bids + "],\"a\":[" + asks + "]}}";
        }
        return new Binance(snapshot, snapshotId, frames);
    }

    private static long qty(Random rnd) {
        return (1 + rnd.nextInt(500_000)) * 1000L; // up to 5 units, 8 decimals
    }

    /** Kraken WS v2 BTC/USD (price precision 1, qty precision 8), depth 10: what the exchange sends for changes of the view. */
    record Kraken(String snapshot, String[] updates, int pricePrecision, int qtyPrecision, int depth) {}

    static Kraken kraken(long seed) {
        Random rnd = new Random(seed);
        int depth = 10;
        TreeMap<Long, Long>[] full = book();
        long mid = 294_300; // 29430.0 in tenths
        for (int i = 1; i <= 60; i++) {
            full[0].put(mid - i - rnd.nextInt(3), krakenQty(rnd));
            full[1].put(mid + i + rnd.nextInt(3), krakenQty(rnd));
        }
        KrakenParser parser = new KrakenParser();
        LocalOrderBook client = new LocalOrderBook();
        KrakenChecksum checksum = new KrakenChecksum();
        TreeMap<Long, Long>[] view = view(full, depth);
        String snapshot = krakenFrame("snapshot", diff(book(), view, full), 0, rnd);
        snapshot = withChecksum(snapshot, parser, client, checksum, depth);
        String[] updates = new String[RING];
        for (int k = 0; k < RING; ) {
            TreeMap<Long, Long>[] before = view(full, depth);
            int s = rnd.nextInt(2);
            int r = rnd.nextInt(100);
            if (r < 35) {
                Long p = full[s].keySet().stream().skip(rnd.nextInt(12)).findFirst().orElseThrow();
                full[s].remove(p);
            } else if (r < 70) {
                Long p = full[s].keySet().stream().skip(rnd.nextInt(12)).findFirst().orElseThrow();
                full[s].put(p, krakenQty(rnd));
            } else {
                long best = full[s].firstKey();
                long other = full[1 - s].firstKey();
                long p = s == 0 ? Math.min(other - 1, best + 1 - rnd.nextInt(12)) : Math.max(other + 1, best - 1 + rnd.nextInt(12));
                full[s].put(p, krakenQty(rnd));
            }
            // keep the deep book deep
            while (full[0].size() < 40) {
                full[0].put(full[0].lastKey() - 1 - rnd.nextInt(3), krakenQty(rnd));
            }
            while (full[1].size() < 40) {
                full[1].put(full[1].lastKey() + 1 + rnd.nextInt(3), krakenQty(rnd));
            }
            List<long[]> msg = diff(before, view(full, depth), full);
            if (msg.isEmpty()) {
                continue;
            }
            updates[k] = withChecksum(krakenFrame("update", msg, k, rnd), parser, client, checksum, depth);
            k++;
        }
        return new Kraken(snapshot, updates, 1, 8, depth);
    }

    private static long krakenQty(Random rnd) {
        return rnd.nextInt(3) == 0 ? 1 + rnd.nextInt(100_000) : (1 + rnd.nextInt(400)) * 1_000_000L + rnd.nextInt(1000);
    }

    static TreeMap<Long, Long>[] view(TreeMap<Long, Long>[] full, int depth) {
        TreeMap<Long, Long>[] v = book();
        for (int s = 0; s < 2; s++) {
            for (Map.Entry<Long, Long> e : full[s].entrySet()) {
                if (v[s].size() == depth) {
                    break;
                }
                v[s].put(e.getKey(), e.getValue());
            }
        }
        return v;
    }

    /** {side, price, qty}: sets for new or changed levels of the view, qty 0 for deleted ones, nothing for pushed-out ones. */
    static List<long[]> diff(TreeMap<Long, Long>[] before, TreeMap<Long, Long>[] after, TreeMap<Long, Long>[] full) {
        List<long[]> out = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            for (Long p : before[s].keySet()) {
                if (!after[s].containsKey(p) && !full[s].containsKey(p)) {
                    out.add(new long[] {s, p, 0});
                }
            }
            for (Map.Entry<Long, Long> e : after[s].entrySet()) {
                if (!e.getValue().equals(before[s].get(e.getKey()))) {
                    out.add(new long[] {s, e.getKey(), e.getValue()});
                }
            }
        }
        return out;
    }

    private static String krakenNumber(long units, int decimals) {
        // Kraken's JSON numbers drop trailing zeros but keep one decimal ("4.0", "0.001", "29431.1")
        BigDecimal v = BigDecimal.valueOf(units, decimals).stripTrailingZeros();
        return v.scale() <= 0 ? v.setScale(1).toPlainString() : v.toPlainString();
    }

    private static String krakenFrame(String type, List<long[]> levels, int k, Random rnd) {
        StringBuilder sb = new StringBuilder("{\"channel\":\"book\",\"type\":\"").append(type).append("\",\"data\":[{\"symbol\":\"BTC/USD\"");
        for (int s = 0; s < 2; s++) {
            sb.append(s == 0 ? ",\"bids\":[" : ",\"asks\":[");
            boolean first = true;
            for (long[] l : levels) {
                if (l[0] != s) {
                    continue;
                }
                sb.append(first ? "" : ",").append("{\"price\":").append(krakenNumber(l[1], 1)).append(",\"qty\":").append(krakenNumber(l[2], 8))
                        .append('}');
                first = false;
            }
            sb.append(']');
        }
        sb.append(",\"checksum\":CHECKSUM");
        if (type.equals("update")) {
            sb.append(",\"timestamp\":\"2023-07-30T15:").append(10 + k % 50).append(':').append(10 + k % 49).append('.')
                    .append(100_000 + rnd.nextInt(900_000)).append("Z\"");
        }
        return sb.append("}]}").toString();
    }

    /** Applies the frame to the client book as Kraken's guide says and writes the resulting checksum into it. */
    private static String withChecksum(String frame, KrakenParser parser, LocalOrderBook client, KrakenChecksum cs, int depth) {
        FrameKind k = parser.parse(frame.replace("CHECKSUM", "0"));
        if (k != FrameKind.DEPTH_SNAPSHOT && k != FrameKind.DEPTH_UPDATE) {
            throw new IllegalStateException(parser.error() + ": " + frame);
        }
        if (k == FrameKind.DEPTH_SNAPSHOT) {
            client.clear();
        }
        parser.depth().applyTo(client);
        client.truncate(depth);
        return frame.replace("CHECKSUM", Long.toString(cs.compute(client, 1, 8)));
    }

    /** Bitfinex WS v2 tBTCUSD, P0 len 25, recorder flags: one level frame then its cs frame per update. */
    record Bitfinex(List<String> setup, String snapshot, String[] levels, String[] checksums) {}

    static Bitfinex bitfinex(long seed) {
        Random rnd = new Random(seed);
        int len = 25;
        long chanId = 81757;
        TreeMap<Long, Long>[] full = book();
        long mid = 4_300_000; // 43000.0 in tenths
        for (int i = 1; i <= 60; i++) {
            full[0].put(mid - i * 10 - rnd.nextInt(5), bitfinexAmount(rnd));
            full[1].put(mid + i * 10 + rnd.nextInt(5), bitfinexAmount(rnd));
        }
        List<String> setup = List.of("{\"event\":\"info\",\"version\":2,\"serverId\":\"bench\",\"platform\":{\"status\":1}}",
                "{\"event\":\"conf\",\"status\":\"OK\",\"flags\":" + BitfinexParser.RECORDER_FLAGS + "}",
                "{\"event\":\"subscribed\",\"channel\":\"book\",\"chanId\":" + chanId + ",\"symbol\":\"tBTCUSD\",\"prec\":\"P0\",\"freq\":\"F0\","
                        + "\"len\":\"25\",\"pair\":\"BTCUSD\"}");
        BitfinexParser parser = new BitfinexParser();
        for (String s : setup) {
            parser.parse(s);
        }
        long seq = 1;
        long mts = 1_700_000_000_000L;
        StringBuilder sb = new StringBuilder("[").append(chanId).append(",[");
        TreeMap<Long, Long>[] view = view(full, len);
        boolean first = true;
        for (int s = 0; s < 2; s++) {
            for (Map.Entry<Long, Long> e : view[s].entrySet()) {
                sb.append(first ? "" : ",").append(bitfinexLevel(s, e.getKey(), 1 + rnd.nextInt(20), e.getValue()));
                first = false;
            }
        }
        String snapshot = sb.append("],").append(seq++).append(',').append(mts).append(']').toString();
        LocalOrderBook client = new LocalOrderBook();
        BitfinexChecksum checksum = new BitfinexChecksum();
        parser.parse(snapshot);
        parser.depth().applyTo(client);
        client.truncate(len);
        List<String> levels = new ArrayList<>();
        List<String> checksums = new ArrayList<>();
        while (levels.size() < RING) {
            TreeMap<Long, Long>[] before = view(full, len);
            int s = rnd.nextInt(2);
            int r = rnd.nextInt(100);
            Long p = full[s].keySet().stream().skip(rnd.nextInt(25)).findFirst().orElseThrow();
            if (r < 25) {
                full[s].remove(p);
            } else if (r < 75) {
                full[s].put(p, bitfinexAmount(rnd));
            } else {
                long q = s == 0 ? Math.min(full[1].firstKey() - 1, p + 1 + rnd.nextInt(9)) : Math.max(full[0].firstKey() + 1, p - 1 - rnd.nextInt(9));
                full[s].put(q, bitfinexAmount(rnd));
            }
            while (full[0].size() < 40) {
                full[0].put(full[0].lastKey() - 10, bitfinexAmount(rnd));
            }
            while (full[1].size() < 40) {
                full[1].put(full[1].lastKey() + 10, bitfinexAmount(rnd));
            }
            for (long[] l : diff(before, view(full, len), full)) {
                if (levels.size() == RING) {
                    break;
                }
                mts += 1 + rnd.nextInt(20);
                String level = "[" + chanId + "," + bitfinexLevel((int) l[0], l[1], l[2] == 0 ? 0 : 1 + rnd.nextInt(20), l[2]) + "," + (seq++) + ","
                        + mts + "]";
                parser.parse(level);
                parser.depth().applyTo(client);
                client.truncate(len);
                levels.add(level);
                checksums.add("[" + chanId + ",\"cs\"," + checksum.compute(client) + "," + (seq++) + "," + mts + "]");
            }
        }
        return new Bitfinex(setup, snapshot, levels.toArray(new String[0]), checksums.toArray(new String[0]));
    }

    private static long bitfinexAmount(Random rnd) {
        // 8-decimal amounts as Bitfinex prints them: 0.5, 0.12345678, 2, 1.0372
        long units = 1 + rnd.nextInt(300_000_000);
        long unit = new long[] {1, 10_000, 1_000_000, 100_000_000}[rnd.nextInt(4)];
        return Math.max(unit, units / unit * unit);
    }

    private static String bitfinexLevel(int side, long price, int count, long amount) {
        String px = BigDecimal.valueOf(price, 1).stripTrailingZeros().toPlainString();
        String amt = count == 0 ? (side == 0 ? "1" : "-1")
                : (side == 0 ? "" : "-") + BigDecimal.valueOf(amount, 8).stripTrailingZeros().toPlainString();
        return "[" + px + "," + count + "," + amt + "]";
    }
}
