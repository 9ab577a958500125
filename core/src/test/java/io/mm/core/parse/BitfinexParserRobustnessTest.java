package io.mm.core.parse;

import static io.mm.core.parse.ParserChecks.as;
import static io.mm.core.parse.ParserChecks.bad;
import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.bitfinex.BitfinexParser;
import io.mm.core.feed.FrameKind;
import io.mm.core.parse.ParserChecks.Bad;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link BitfinexParser} (WS v2) on bad input: a typed answer naming the problem, never an exception, no harm
 * to the next frame, and no change to the connection's protocol state (channel ids, conf flags) from a frame
 * it rejects.
 */
class BitfinexParserRobustnessTest {
    static final String CONF = "{\"event\":\"conf\",\"status\":\"OK\",\"flags\":229376}";
    static final String BOOK = "{\"event\":\"subscribed\",\"channel\":\"book\",\"chanId\":81757,\"symbol\":\"tXRPBTC\",\"prec\":\"P0\","
            + "\"freq\":\"F0\",\"len\":\"25\",\"pair\":\"XRPBTC\"}";
    static final String TRADES = "{\"event\":\"subscribed\",\"channel\":\"trades\",\"chanId\":17,\"symbol\":\"tBTCUSD\",\"pair\":\"BTCUSD\"}";
    static final List<String> SETUP = List.of(CONF, BOOK, TRADES);
    static final List<String> GOOD = List.of(
            "[81757,[[0.0000011,13,271510.49],[7e-7,1,10000],[0.0000012,2,-500.5]],1,1700000000000]",
            "[81757,[0.0000011,12,266122.94],2,1700000000001]",
            "[81757,[6.6e-7,0,1],3,1700000000002]",
            "[81757,\"cs\",-1175357890,4,1700000000003]",
            "[81757,\"hb\",5,1700000000004]",
            "[17,[[401597395,1574694478808,0.005,7245.3],[401597394,1574694478000,-0.01,7245.2]],6,1700000000005]",
            "[17,\"te\",[401597396,1574694479808,-0.005,7245.1],7,1700000000006]",
            "{\"event\":\"info\",\"version\":2,\"serverId\":\"x\",\"platform\":{\"status\":1}}",
            "{\"event\":\"error\",\"msg\":\"symbol: invalid\",\"code\":10300,\"symbol\":\"tFOO\"}",
            "{\"event\":\"pong\",\"ts\":1511545528111,\"cid\":1234}");

    static List<String> reference() {
        return ParserChecks.reference(BitfinexParser::new, SETUP, GOOD);
    }

    static BitfinexParser ready() {
        BitfinexParser p = new BitfinexParser();
        for (String s : SETUP) {
            ParserChecks.parse(p, s);
        }
        return p;
    }

    static Stream<Bad> badFrames() {
        return Stream.of(
                bad("empty", "", "expected a JSON object or array, got end of input"),
                bad("not JSON", "hb", "invalid JSON"),
                bad("a string", "\"hb\"", "expected a JSON object or array, got a string"),
                bad("empty array", "[]", "does not start with a channel id"),
                bad("channel id text", "[\"81757\",\"hb\"]", "does not start with a channel id"),
                bad("truncated", "[81757,[[0.0000011,13,271510.49],[7e-7,1", "invalid JSON"),
                bad("unterminated", "[81757,[0.0000011,12,266122.94]", "end-of-input"),
                bad("two values", "[81757,\"hb\"] [81757,\"hb\"]", "trailing data"),
                bad("data for an unknown channel", "[5,[1,1,1]]", "unknown channel 5"),
                bad("cs for an unknown channel", "[5,\"cs\",1]", "cs frame for unknown channel 5"),
                bad("cs without checksum", "[81757,\"cs\"]", "cs frame without an integer checksum"),
                bad("cs text", "[81757,\"cs\",\"-1175357890\"]", "cs frame without an integer checksum"),
                bad("cs beyond 32 bits", "[81757,\"cs\",4294967296]", "not a signed 32-bit integer"),
                bad("cs beyond a long", "[81757,\"cs\",99999999999999999999]", "out of range"),
                bad("a number after the id", "[81757,5]", "unexpected a number after the channel id"),
                bad("amount 0", "[81757,[0.0000011,12,0]]", "level 0 has amount 0"),
                bad("count text", "[81757,[0.0000011,\"12\",1]]", "level 0 count is a string"),
                bad("count negative", "[81757,[0.0000011,-1,1]]", "level 0 has count -1"),
                bad("count beyond a long", "[81757,[0.0000011,99999999999999999999,1]]", "out of range"),
                bad("price text", "[81757,[\"abc\",1,1]]", "level 0 price: not a number"),
                bad("price null", "[81757,[null,1,1]]", "level 0 price: expected a number, got null"),
                bad("short level", "[81757,[0.0000011,12]]", "level 0 amount"),
                bad("bad third snapshot level", "[81757,[[1,1,1],[2,1,1],[3,1]]]", "level 2 amount"),
                bad("snapshot level not an array", "[81757,[[1,1,1],5]]", "snapshot level 1 is a number"),
                bad("price of 19 digits", "[81757,[1234567890123456789,1,1]]", "more than 18 digits"),
                bad("trade id text", "[17,\"te\",[\"x\",1,1,1]]", "trade ID is a string"),
                bad("te without a trade", "[17,\"te\",5]", "te frame without a trade array"),
                bad("te for an unknown channel", "[5,\"te\",[1,1,1,1]]", "te frame for unknown channel 5"),
                bad("trade amount 0", "[17,\"te\",[1,1,0,1]]", "has amount 0"),
                bad("object without event", "{\"channel\":\"book\"}", "object without 'event'"),
                bad("subscribed without chanId", "{\"event\":\"subscribed\",\"channel\":\"book\",\"symbol\":\"tETHUSD\"}",
                        "subscribed event without chanId/channel"),
                bad("subscribed without symbol", "{\"event\":\"subscribed\",\"channel\":\"book\",\"chanId\":9}", "subscribed event without symbol"),
                bad("subscribed len text", "{\"event\":\"subscribed\",\"channel\":\"book\",\"chanId\":9,\"symbol\":\"tETHUSD\",\"len\":\"many\"}",
                        "len 'many'"),
                // an object or array where a number or string belongs: the field is named
                bad("event an object", "{\"event\":{\"a\":1}}", "'event'"),
                bad("len an object", "{\"event\":\"subscribed\",\"channel\":\"book\",\"chanId\":9,\"symbol\":\"tETHUSD\",\"len\":{\"n\":25}}",
                        "'len'"),
                bad("MTS beyond microseconds", "[81757,\"hb\",8,99999999999999999]", "MTS"),
                bad("trade MTS beyond microseconds", "[17,\"te\",[1,99999999999999999,1,1]]", "MTS"),
                // typed answers that are not errors of the frame
                as("funding trade tag", "[17,\"fte\",[1,2,3,4,5]]", FrameKind.IGNORED),
                as("unknown event", "{\"event\":\"auth\",\"status\":\"FAILED\"}", FrameKind.IGNORED),
                as("error event", "{\"event\":\"error\",\"msg\":\"subscribe: dup\",\"code\":10301}", FrameKind.ERROR),
                as("empty book snapshot", "[81757,[]]", FrameKind.DEPTH_SNAPSHOT),
                as("empty trades snapshot", "[17,[]]", FrameKind.TRADES));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFrames")
    void badFrameGetsATypedAnswerAndTheNextFrameParses(Bad b) {
        ParserChecks.check(ready(), b, GOOD, reference());
    }

    /** Frames that are rejected must not register a channel or change the conf flags. */
    static Stream<String> rejectedControlFrames() {
        return Stream.of(
                "{\"event\":\"subscribed\",\"channel\":\"book\",\"chanId\":9,\"symbol\":\"tETHUSD\",\"len\":\"25\"} {}",
                "{\"event\":\"subscribed\",\"channel\":\"book\",\"chanId\":9,\"symbol\":\"tETHUSD\",\"len\":\"25\"}]",
                "{\"event\":\"subscribed\",\"channel\":\"book\",\"chanId\":9,\"symbol\":\"tETHUSD\",\"len\":{\"n\":25}}",
                "{\"event\":\"subscribed\",\"channel\":\"book\",\"chanId\":9,\"symbol\":\"tETHUSD\",\"len\":\"25\",\"pair\":[1]}",
                "{\"event\":\"conf\",\"status\":\"OK\",\"flags\":65536}]",
                "{\"event\":\"conf\",\"status\":\"OK\",\"flags\":65536,\"x\":1} 1",
                "{\"event\":\"conf\",\"status\":[\"OK\"],\"flags\":65536}");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedControlFrames")
    void aRejectedFrameChangesNoProtocolState(String frame) {
        BitfinexParser p = ready();
        assertThat(ParserChecks.parse(p, frame)).as(frame).isEqualTo(FrameKind.MALFORMED);
        assertThat(p.flags()).as("conf flags after %s", frame).isEqualTo(BitfinexParser.RECORDER_FLAGS);
        assertThat(p.symbolOf(9)).as("channel 9 after %s", frame).isNull();
        assertThat(p.parse("[9,[1,1,1],1,1700000000000]")).as("data on channel 9").isEqualTo(FrameKind.MALFORMED);
        assertThat(p.error()).contains("unknown channel 9");
        // the timestamp is still read from the trailer as the accepted flags say
        assertThat(p.parse("[81757,[1,1,1],2,1700000000000]")).isEqualTo(FrameKind.DEPTH_UPDATE);
        assertThat(p.depth().sequence).isEqualTo(2);
        assertThat(p.depth().eventTimeUs).isEqualTo(1_700_000_000_000_000L);
    }

    @Test
    void everyCutOfAGoodFrameIsMalformed() {
        BitfinexParser p = ready();
        for (String g : GOOD) {
            ParserChecks.everyPrefixIsMalformed(p, g);
        }
        for (String s : SETUP) {
            ParserChecks.everyPrefixIsMalformed(p, s);
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
        int malformed = ParserChecks.fuzz(seed, ready(), GOOD, reference(), 200);
        assertThat(malformed).as("most random damage is detected").isGreaterThan(50);
    }
}
