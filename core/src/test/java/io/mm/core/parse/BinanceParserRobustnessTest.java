package io.mm.core.parse;

import static io.mm.core.parse.ParserChecks.as;
import static io.mm.core.parse.ParserChecks.bad;
import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.binance.BinanceParser;
import io.mm.core.feed.FrameKind;
import io.mm.core.parse.ParserChecks.Bad;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link BinanceParser} on bad input: a typed answer naming the problem, never an exception, no harm to the next frame. */
class BinanceParserRobustnessTest {
    static final String DEPTH = "{\"e\":\"depthUpdate\",\"E\":1672515782136,\"s\":\"BNBBTC\",\"U\":157,\"u\":160,"
            + "\"b\":[[\"0.0024\",\"10\"]],\"a\":[[\"0.0026\",\"100\"],[\"0.0027\",\"0.00000000\"]]}";
    static final String COMBINED = "{\"stream\":\"bnbbtc@depth@100ms\",\"data\":" + DEPTH + "}";
    static final String TRADE = "{\"e\":\"trade\",\"E\":1672515782136,\"s\":\"BNBBTC\",\"t\":12345,\"p\":\"0.001\",\"q\":\"100\","
            + "\"T\":1672515782136,\"m\":true,\"M\":true}";
    static final String REST = "{\"lastUpdateId\":1027024,\"bids\":[[\"4.00000000\",\"431.00000000\"]],\"asks\":[[\"4.00000200\",\"12.00000000\"]]}";
    static final List<String> GOOD = List.of(DEPTH, COMBINED, TRADE, "{\"result\":null,\"id\":1}",
            "{\"e\":\"serverShutdown\",\"E\":1672515782136}", "{\"code\":2,\"msg\":\"Invalid request: unknown stream\",\"id\":1}",
            "{\"u\":400900217,\"s\":\"BNBUSDT\",\"b\":\"25.35190000\",\"B\":\"31.21000000\",\"a\":\"25.36520000\",\"A\":\"40.66000000\"}");

    static List<String> reference() {
        return ParserChecks.reference(BinanceParser::new, List.of(), GOOD);
    }

    static Stream<Bad> badFrames() {
        String head = "{\"e\":\"depthUpdate\",\"E\":1,\"s\":\"BNBBTC\",\"U\":157,\"u\":160,";
        return Stream.of(
                // not JSON, or not the right JSON value
                bad("empty", "", "expected a JSON object, got end of input"),
                bad("not JSON", "depthUpdate BNBBTC 157", "invalid JSON"),
                bad("an array", "[1,2,3]", "expected a JSON object, got an array"),
                bad("a string", "\"depthUpdate\"", "expected a JSON object, got a string"),
                bad("truncated", DEPTH.substring(0, DEPTH.length() / 2), "invalid JSON"),
                bad("two objects", DEPTH + DEPTH, "trailing data"),
                bad("unclosed level", head + "\"b\":[[\"1\",\"2\"", "invalid JSON"),
                bad("empty object", "{}", "no event type 'e'"),
                // missing or wrongly typed fields
                bad("no U/u", "{\"e\":\"depthUpdate\",\"E\":1,\"s\":\"BNBBTC\",\"b\":[],\"a\":[]}", "without 'U'/'u'"),
                bad("U as text", "{\"e\":\"depthUpdate\",\"E\":1,\"s\":\"BNBBTC\",\"U\":\"abc\",\"u\":160,\"b\":[],\"a\":[]}", "without 'U'/'u'"),
                bad("U as a fraction", "{\"e\":\"depthUpdate\",\"E\":1,\"s\":\"BNBBTC\",\"U\":1.5,\"u\":160,\"b\":[],\"a\":[]}", "without 'U'/'u'"),
                bad("U after u", "{\"e\":\"depthUpdate\",\"E\":1,\"s\":\"BNBBTC\",\"U\":161,\"u\":160,\"b\":[],\"a\":[]}", "U 161 > u 160"),
                bad("no symbol", "{\"e\":\"depthUpdate\",\"E\":1,\"U\":157,\"u\":160,\"b\":[],\"a\":[]}", "without 's'"),
                bad("symbol a number", "{\"e\":\"depthUpdate\",\"E\":1,\"s\":5,\"U\":157,\"u\":160,\"b\":[],\"a\":[]}", "without 's'"),
                bad("no levels", "{\"e\":\"depthUpdate\",\"E\":1,\"s\":\"BNBBTC\",\"U\":157,\"u\":160}", "without 'b'/'a'"),
                bad("price text", head + "\"b\":[[\"abc\",\"10\"]],\"a\":[]}", "'b'[0] price: not a number"),
                bad("price NaN", head + "\"b\":[[\"NaN\",\"10\"]],\"a\":[]}", "'b'[0] price: not a number"),
                bad("price empty", head + "\"b\":[[\"\",\"10\"]],\"a\":[]}", "'b'[0] price: empty number"),
                bad("qty missing", head + "\"b\":[],\"a\":[[\"1\"]]}", "'a'[0] qty"),
                bad("qty a boolean", head + "\"b\":[[\"1\",true]],\"a\":[]}", "'b'[0] qty: expected a number, got a boolean"),
                bad("qty null", head + "\"b\":[[\"1\",null]],\"a\":[]}", "'b'[0] qty: expected a number, got null"),
                bad("level not a pair", head + "\"b\":[\"1\",\"2\"],\"a\":[]}", "'b'[0] is not a [price, qty] pair"),
                bad("second level bad", head + "\"b\":[],\"a\":[[\"1\",\"2\"],{\"p\":1}]}", "'a'[1] is not a [price, qty] pair"),
                bad("negative qty", head + "\"b\":[[\"1\",\"-2\"]],\"a\":[]}", "negative"),
                bad("trailing dot", head + "\"b\":[[\"1.\",\"2\"]],\"a\":[]}", "no digits after '.'"),
                bad("trade without price", "{\"e\":\"trade\",\"E\":1,\"s\":\"BNBBTC\",\"t\":1,\"q\":\"1\",\"m\":true}", "without 'p'"),
                bad("trade price text", "{\"e\":\"trade\",\"E\":1,\"s\":\"BNBBTC\",\"t\":1,\"p\":\"x\",\"q\":\"1\",\"m\":true}", "field 'p'"),
                bad("trade m text", "{\"e\":\"trade\",\"E\":1,\"s\":\"BNBBTC\",\"t\":1,\"p\":\"1\",\"q\":\"1\",\"m\":\"yes\"}", "without 'm'"),
                bad("data an array", "{\"stream\":\"bnbbtc@depth\",\"data\":[1]}", "'data' is not an object"),
                // an object or array where a number or string belongs: the field is named
                bad("E an object", head.replace("\"E\":1", "\"E\":{\"x\":1}") + "\"b\":[],\"a\":[]}", "'E'"),
                bad("e an object", head.replace("\"e\":\"depthUpdate\"", "\"e\":{\"x\":\"depthUpdate\"}") + "\"b\":[],\"a\":[]}", "'e'"),
                bad("U an array", head.replace("\"U\":157", "\"U\":[157]") + "\"b\":[],\"a\":[]}", "'U'"),
                bad("s an array", head.replace("\"s\":\"BNBBTC\"", "\"s\":[\"BNBBTC\"]") + "\"b\":[],\"a\":[]}", "'s'"),
                bad("b an object", head + "\"b\":{\"1\":\"2\"},\"a\":[]}", "'b'"),
                bad("E an object inside data", "{\"stream\":\"x\",\"data\":" + DEPTH.replace("\"E\":1672515782136", "\"E\":{}") + "}", "'E'"),
                // huge numbers
                bad("U beyond a long", head.replace("\"U\":157", "\"U\":99999999999999999999") + "\"b\":[],\"a\":[]}", "out of range"),
                bad("price of 19 digits", head + "\"b\":[[\"1234567890123456789\",\"1\"]],\"a\":[]}", "more than 18 digits"),
                bad("price exponent 999", head + "\"b\":[[\"1e999\",\"1\"]],\"a\":[]}", "exponent out of range"),
                bad("E beyond microseconds", head.replace("\"E\":1", "\"E\":99999999999999999") + "\"b\":[],\"a\":[]}", "'E'"),
                bad("T beyond microseconds", TRADE.replace("\"T\":1672515782136", "\"T\":99999999999999999"), "'T'"),
                // typed answers that are not errors of the frame
                as("unknown event", "{\"e\":\"kline\",\"E\":1,\"s\":\"BNBBTC\",\"k\":{}}", FrameKind.IGNORED),
                as("bookTicker stream", "{\"stream\":\"bnbbtc@bookTicker\",\"data\":{\"u\":1,\"s\":\"BNBBTC\",\"b\":\"1\",\"B\":\"1\",\"a\":\"2\",\"A\":\"1\"}}",
                        FrameKind.IGNORED),
                as("exchange error", "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}", FrameKind.ERROR),
                as("error object", "{\"error\":{\"code\":2,\"msg\":\"Invalid request\"},\"id\":3}", FrameKind.ERROR),
                as("depth with empty sides", head + "\"b\":[],\"a\":[]}", FrameKind.DEPTH_UPDATE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFrames")
    void badFrameGetsATypedAnswerAndTheNextFrameParses(Bad b) {
        ParserChecks.check(new BinanceParser(), b, GOOD, reference());
    }

    @Test
    void errorFramesCarryTheExchangesText() {
        BinanceParser p = new BinanceParser();
        assertThat(p.parse("{\"code\":-1121,\"msg\":\"Invalid symbol.\"}")).isEqualTo(FrameKind.ERROR);
        assertThat(p.error()).contains("-1121").contains("Invalid symbol.");
        assertThat(p.parse("{\"error\":{\"code\":2,\"msg\":\"Invalid request\"},\"id\":3}")).isEqualTo(FrameKind.ERROR);
        assertThat(p.error()).contains("Invalid request");
    }

    static Stream<Bad> badRestBodies() {
        return Stream.of(
                bad("empty", "", "expected a JSON object"),
                bad("truncated", REST.substring(0, 40), "invalid JSON"),
                bad("no lastUpdateId", "{\"bids\":[],\"asks\":[]}", "missing 'lastUpdateId'"),
                bad("lastUpdateId text", "{\"lastUpdateId\":\"1027024\",\"bids\":[],\"asks\":[]}", "'lastUpdateId' is not an integer"),
                bad("no asks", "{\"lastUpdateId\":1,\"bids\":[]}", "missing 'asks'"),
                bad("bids an object", "{\"lastUpdateId\":1,\"bids\":{},\"asks\":[]}", "'bids'"),
                bad("bad level", "{\"lastUpdateId\":1,\"bids\":[[\"4\",\"x\"]],\"asks\":[]}", "'bids'[0] qty: not a number"),
                as("exchange error", "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}", FrameKind.ERROR),
                as("empty book", "{\"lastUpdateId\":1,\"bids\":[],\"asks\":[]}", FrameKind.DEPTH_SNAPSHOT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRestBodies")
    void badRestBodyGetsATypedAnswer(Bad b) {
        BinanceParser p = new BinanceParser();
        FrameKind k;
        try {
            k = p.parseRestSnapshot(b.frame(), "BNBBTC");
        } catch (RuntimeException e) {
            throw new AssertionError("threw on " + b.frame(), e);
        }
        assertThat(k).as("%s (%s)", b.name(), p.error()).isEqualTo(b.kind());
        if (b.errorContains() != null) {
            assertThat(p.error()).contains(b.errorContains());
        }
        assertThat(p.parseRestSnapshot(REST, "BNBBTC")).isEqualTo(FrameKind.DEPTH_SNAPSHOT);
        assertThat(p.depth().lastUpdateId).isEqualTo(1027024);
        assertThat(p.depth().levels()).isEqualTo(2);
    }

    @Test
    void everyCutOfAGoodFrameIsMalformed() {
        BinanceParser p = new BinanceParser();
        for (String g : GOOD) {
            ParserChecks.everyPrefixIsMalformed(p, g);
        }
        List<String> ref = reference();
        for (int i = 0; i < GOOD.size(); i++) {
            assertThat(ParserChecks.render(p, p.parse(GOOD.get(i)))).isEqualTo(ref.get(i));
        }
    }

    static LongStream seeds() {
        return LongStream.range(0, 50);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void randomlyDamagedFramesNeverEscapeAsExceptions(long seed) {
        int malformed = ParserChecks.fuzz(seed, new BinanceParser(), GOOD, reference(), 200);
        assertThat(malformed).as("most random damage is detected").isGreaterThan(50);
    }
}
