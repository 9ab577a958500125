package io.mm.core.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.feed.DepthUpdate;
import io.mm.core.feed.FrameKind;
import io.mm.core.feed.FrameParser;
import io.mm.core.feed.TradeBatch;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/** What every parser must do with bad input, shared by the per-exchange robustness tests. */
final class ParserChecks {
    private ParserChecks() {}

    /** A bad frame and what the parser must say about it. */
    record Bad(String name, String frame, FrameKind kind, String errorContains) {}

    static Bad bad(String name, String frame, String errorContains) {
        return new Bad(name, frame, FrameKind.MALFORMED, errorContains);
    }

    static Bad as(String name, String frame, FrameKind kind) {
        return new Bad(name, frame, kind, null);
    }

    /** Everything a parse produced, as text, so two parses can be compared. */
    static String render(FrameParser p, FrameKind k) {
        StringBuilder sb = new StringBuilder().append(k).append(" symbol=").append(p.symbol()).append(" error=").append(p.error());
        if (k == FrameKind.DEPTH_SNAPSHOT || k == FrameKind.DEPTH_UPDATE || k == FrameKind.CHECKSUM) {
            DepthUpdate d = p.depth();
            sb.append(' ').append(d).append(" E=").append(d.eventTimeUs).append(" seq=").append(d.sequence);
            for (int i = 0; i < d.levels(); i++) {
                sb.append(" [").append(d.side(i)).append(' ').append(d.price(i)).append('/').append(d.priceFormat(i)).append(' ')
                        .append(d.qty(i)).append('/').append(d.qtyFormat(i)).append(" n").append(d.count(i)).append(']');
            }
        }
        if (k == FrameKind.TRADES) {
            TradeBatch t = p.trades();
            sb.append(" trades ").append(t.symbol).append(" snap=").append(t.snapshot).append(" E=").append(t.eventTimeUs);
            for (int i = 0; i < t.size(); i++) {
                sb.append(" [").append(t.tradeId(i)).append(' ').append(t.tradeTimeUs(i)).append(' ').append(t.price(i)).append('/')
                        .append(t.priceFormat(i)).append(' ').append(t.qty(i)).append(' ').append(t.sideName(i)).append(']');
            }
        }
        return sb.append(" control=").append(p.control()).toString();
    }

    /** Parses without letting anything escape: an exception fails the test naming the frame. */
    static FrameKind parse(FrameParser p, String frame) {
        try {
            FrameKind k = p.parse(frame);
            assertThat(k).as("kind of %s", frame).isNotNull();
            if (k == FrameKind.MALFORMED || k == FrameKind.ERROR) {
                assertThat(p.error()).as("error of %s", frame).isNotBlank();
            }
            return k;
        } catch (RuntimeException | Error e) {
            throw new AssertionError("parse threw on " + frame, e);
        }
    }

    /**
     * The bad frame gives the expected kind and an error naming what was wrong; then every good frame still
     * parses exactly as on a fresh parser (nothing of the bad frame leaks into the next one).
     */
    static void check(FrameParser p, Bad b, List<String> good, List<String> reference) {
        FrameKind k = parse(p, b.frame);
        assertThat(k).as("%s: %s (error: %s)", b.name, b.frame, p.error()).isEqualTo(b.kind);
        if (b.errorContains != null) {
            assertThat(p.error()).as("%s: error of %s", b.name, b.frame).contains(b.errorContains);
        }
        for (int i = 0; i < good.size(); i++) {
            FrameKind gk = parse(p, good.get(i));
            assertThat(render(p, gk)).as("good frame after '%s'", b.name).isEqualTo(reference.get(i));
        }
    }

    /** Renders of the good frames on a fresh parser. */
    static List<String> reference(Supplier<? extends FrameParser> fresh, List<String> setup, List<String> good) {
        FrameParser p = fresh.get();
        for (String s : setup) {
            parse(p, s);
        }
        return good.stream().map(g -> render(p, parse(p, g))).toList();
    }

    private static final String[] REPLACEMENTS = {
        "99999999999999999999", "-1", "1e999", "\"x\"", "{}", "[]", "null", "true", "{\"a\":[1,{}]}", "[[[]]]", "\"\"", "0", "-0.0", "1.5",
        "\"1e-7\"", "\"\\u0000\"", "9223372036854775807", "-9223372036854775808",
    };

    /** One to three random edits of a good frame: cuts, stray characters, swapped characters, values of other types. */
    static String mutate(String s, Random rnd) {
        int edits = 1 + rnd.nextInt(3);
        for (int e = 0; e < edits && !s.isEmpty(); e++) {
            int i = rnd.nextInt(s.length());
            switch (rnd.nextInt(6)) {
                case 0 -> s = s.substring(0, i);
                case 1 -> s = s.substring(0, i) + s.substring(i + 1);
                case 2 -> s = s.substring(0, i) + "{}[]\",:0123456789-.eE tnul\\x".charAt(rnd.nextInt(28)) + s.substring(i);
                case 3 -> {
                    int j = rnd.nextInt(s.length());
                    char[] c = s.toCharArray();
                    char t = c[i];
                    c[i] = c[j];
                    c[j] = t;
                    s = new String(c);
                }
                default -> {
                    // replace the value after a ':' or ',' (a number, a string, a whole object or array) with one of another type
                    int at = Math.max(s.indexOf(':', i), s.indexOf(',', i));
                    if (at < 0) {
                        break;
                    }
                    int end = valueEnd(s, at + 1);
                    s = s.substring(0, at + 1) + REPLACEMENTS[rnd.nextInt(REPLACEMENTS.length)] + s.substring(end);
                }
            }
        }
        return s;
    }

    private static int valueEnd(String s, int from) {
        int depth = 0;
        boolean str = false;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (str) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    str = false;
                    if (depth == 0) {
                        return i + 1;
                    }
                }
                continue;
            }
            switch (c) {
                case '"' -> str = true;
                case '{', '[' -> depth++;
                case '}', ']' -> {
                    if (depth == 0) {
                        return i;
                    }
                    if (--depth == 0) {
                        return i + 1;
                    }
                }
                case ',' -> {
                    if (depth == 0) {
                        return i;
                    }
                }
                default -> { }
            }
        }
        return s.length();
    }

    /**
     * Seeded random damage to the good frames: nothing escapes, a MALFORMED frame always says why, and the good
     * frames still parse exactly as on a fresh parser afterwards.
     */
    static int fuzz(long seed, FrameParser p, List<String> good, List<String> reference, int rounds) {
        Random rnd = new Random(seed);
        int malformed = 0;
        for (int r = 0; r < rounds; r++) {
            String bad = mutate(good.get(rnd.nextInt(good.size())), rnd);
            FrameKind k = parse(p, bad);
            if (k == FrameKind.MALFORMED) {
                malformed++;
            }
            if (k == FrameKind.DEPTH_SNAPSHOT || k == FrameKind.DEPTH_UPDATE) {
                DepthUpdate d = p.depth();
                for (int i = 0; i < d.levels(); i++) {
                    assertThat(d.price(i)).as("price of an accepted level in %s", bad).isNotNegative();
                    assertThat(d.qty(i)).as("qty of an accepted level in %s", bad).isNotNegative();
                }
            }
            int g = rnd.nextInt(good.size());
            assertThat(render(p, parse(p, good.get(g)))).as("good frame %d after %s", g, bad).isEqualTo(reference.get(g));
        }
        return malformed;
    }

    /** Every proper prefix of a good frame (a frame cut anywhere) is MALFORMED and says why. */
    static void everyPrefixIsMalformed(FrameParser p, String frame) {
        for (int n = 0; n < frame.length(); n++) {
            String cut = frame.substring(0, n);
            if (cut.isBlank()) {
                continue;
            }
            FrameKind k = parse(p, cut);
            assertThat(k).as("frame cut after %d chars: %s (%s)", n, cut, p.error()).isEqualTo(FrameKind.MALFORMED);
        }
    }
}
