package io.mm.jobs.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVRecord;

/** A book kept the way docs/ws_relay.md tells a client to: take a book message, apply applied diffs, cut to depth. */
final class ClientBook {
    private final TreeMap<BigDecimal, BigDecimal> bids = new TreeMap<>(Comparator.reverseOrder());
    private final TreeMap<BigDecimal, BigDecimal> asks = new TreeMap<>();
    private int depth;
    boolean valid;

    void take(JsonNode book) {
        bids.clear();
        asks.clear();
        book.get("bids").forEach(l -> bids.put(new BigDecimal(l.get(0).asText()), new BigDecimal(l.get(1).asText())));
        book.get("asks").forEach(l -> asks.put(new BigDecimal(l.get(0).asText()), new BigDecimal(l.get(1).asText())));
        depth = book.get("depth").isNull() ? 0 : book.get("depth").asInt();
        valid = true;
    }

    void apply(JsonNode diff) {
        set(bids, diff.get("b"));
        set(asks, diff.get("a"));
        if (depth > 0) {
            cut(bids);
            cut(asks);
        }
    }

    private void cut(TreeMap<BigDecimal, BigDecimal> side) {
        while (side.size() > depth) {
            side.pollLastEntry();
        }
    }

    private static void set(TreeMap<BigDecimal, BigDecimal> side, JsonNode levels) {
        for (JsonNode l : levels) {
            BigDecimal p = new BigDecimal(l.get(0).asText());
            BigDecimal q = new BigDecimal(l.get(1).asText());
            if (q.signum() == 0) {
                side.remove(p);
            } else {
                side.put(p, q);
            }
        }
    }

    /** Differences from a recorded book frame's first {@code levels} levels; empty when equal. */
    List<String> differences(CSVRecord frame, int levels) {
        List<String> out = new ArrayList<>();
        compare(out, bids, frame, "bid", levels);
        compare(out, asks, frame, "ask", levels);
        return out;
    }

    private static void compare(List<String> out, TreeMap<BigDecimal, BigDecimal> side, CSVRecord frame, String name, int levels) {
        List<Map.Entry<BigDecimal, BigDecimal>> l = new ArrayList<>(side.entrySet());
        for (int i = 1; i <= levels; i++) {
            String px = frame.get(name + "_px_" + i);
            String qty = frame.get(name + "_qty_" + i);
            if (px.isEmpty()) {
                if (l.size() >= i) {
                    out.add(name + " " + i + ": client has " + l.get(i - 1) + ", frame none");
                }
                continue;
            }
            if (l.size() < i) {
                out.add(name + " " + i + ": client has none, frame " + px + " " + qty);
                continue;
            }
            Map.Entry<BigDecimal, BigDecimal> e = l.get(i - 1);
            if (e.getKey().compareTo(new BigDecimal(px)) != 0 || e.getValue().compareTo(new BigDecimal(qty)) != 0) {
                out.add(name + " " + i + ": client " + e.getKey() + " " + e.getValue() + ", frame " + px + " " + qty);
            }
        }
    }
}
