package io.mm.core.binance;

import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.TestData;
import io.mm.core.feed.DepthUpdate;
import io.mm.core.feed.FrameKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fast path of the Binance parser gives exactly what the general Jackson path gives, for real frames,
 * generated ones, and every way a frame can stray from the shape the scanner knows (then the general path
 * decides, so malformed frames keep their worded errors).
 */
class DepthUpdateScannerTest {

    private static String describe(BinanceParser p, FrameKind k) {
        StringBuilder sb = new StringBuilder(k.name()).append('|').append(p.error()).append('|').append(p.symbol());
        if (k == FrameKind.DEPTH_UPDATE) {
            DepthUpdate d = p.depth();
            sb.append('|').append(d.symbol).append('|').append(d.firstUpdateId).append('|').append(d.lastUpdateId).append('|')
                    .append(d.eventTimeUs);
            for (int i = 0; i < d.levels(); i++) {
                sb.append('|').append(d.side(i)).append(':').append(d.price(i)).append('/').append(d.priceFormat(i)).append(':')
                        .append(d.qty(i)).append('/').append(d.qtyFormat(i)).append(':').append(d.count(i));
            }
        }
        return sb.toString();
    }

    private static void same(String frame, BinanceParser fast, BinanceParser general) {
        String a = describe(fast, fast.parse(frame));
        String b = describe(general, general.parse(frame));
        assertThat(a).as(frame).isEqualTo(b);
    }

    private static BinanceParser general() {
        BinanceParser p = new BinanceParser();
        p.fastPath = false;
        return p;
    }

    static List<String> realFrames() {
        List<String> out = new ArrayList<>();
        List<String> lines = TestData.read("binance/real_ws_capture_4_symbols.txt").lines().toList();
        for (String l : lines.subList(1, lines.size())) {
            if (!l.isBlank()) {
                out.add(l.substring(l.indexOf(": ") + 2));
            }
        }
        return out;
    }

    static String generated(Random r) {
        StringBuilder sb = new StringBuilder();
        boolean wrapped = r.nextBoolean();
        String sym = List.of("BTCUSDT", "ETHBTC", "S0001USDT", "1000SATSUSDT").get(r.nextInt(4));
        if (wrapped) {
            sb.append("{\"stream\":\"").append(sym.toLowerCase()).append("@depth@100ms\",\"data\":");
        }
        long u0 = 1 + (long) (r.nextDouble() * 1e12);
        sb.append("{\"e\":\"depthUpdate\",\"E\":").append(1_700_000_000_000L + r.nextInt(1_000_000)).append(",\"s\":\"").append(sym)
                .append("\",\"U\":").append(u0).append(",\"u\":").append(u0 + r.nextInt(2000)).append(",\"b\":[");
        levels(sb, r);
        sb.append("],\"a\":[");
        levels(sb, r);
        sb.append("]}");
        if (wrapped) {
            sb.append('}');
        }
        return sb.toString();
    }

    private static void levels(StringBuilder sb, Random r) {
        int n = r.nextInt(12);
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "[\"" : ",[\"").append(number(r)).append("\",\"").append(number(r)).append("\"]");
        }
    }

    private static String number(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> "0.00000000";
            case 1 -> String.format("%d.%08d", r.nextInt(100_000), r.nextInt(100_000_000));
            case 2 -> Integer.toString(r.nextInt(1000));
            case 3 -> "0.0" + r.nextInt(10);
            case 4 -> String.format("%d.%02d", r.nextInt(70_000), r.nextInt(100));
            default -> "1" + "0".repeat(r.nextInt(20)); // past 18 digits: refused by both paths
        };
    }

    @Test
    void realAndGeneratedFramesGiveWhatTheGeneralPathGives() {
        BinanceParser fast = new BinanceParser();
        BinanceParser general = general();
        int depthUpdates = 0;
        for (String f : realFrames()) {
            same(f, fast, general);
            if (f.contains("depthUpdate")) {
                depthUpdates++;
            }
        }
        assertThat(depthUpdates).isGreaterThan(100);
        Random r = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            same(generated(r), fast, general);
        }
    }

    @Test
    void everyDeviationFromTheShapeIsLeftToTheGeneralPath() {
        BinanceParser fast = new BinanceParser();
        BinanceParser general = general();
        Random r = new Random(11);
        for (int i = 0; i < 300; i++) {
            String f = generated(r);
            // every prefix, every single-character change, a space anywhere, fields swapped, an extra field, an escape
            for (int cut = 0; cut < f.length(); cut++) {
                same(f.substring(0, cut), fast, general);
            }
            for (int at = 0; at < f.length(); at += 3) {
                same(f.substring(0, at) + ' ' + f.substring(at), fast, general);
                char c = "\"{}[],:0-.aZ\\".charAt(r.nextInt(13));
                same(f.substring(0, at) + c + f.substring(at + 1), fast, general);
            }
            same(f.replace("\"U\":", "\"X\":1,\"U\":"), fast, general);
            same(f.replace("\"b\":", "\"bb\":[],\"b\":"), fast, general);
            same(f.replace("\"s\":\"", "\"s\":\"\\u0042"), fast, general);
            same(f.replaceFirst("\"E\":(\\d+),\"s\":(\"[^\"]*\")", "\"s\":$2,\"E\":$1"), fast, general);
            same(f.replace("\"E\":", "\"E\":99999999999999999"), fast, general);
        }
    }
}
