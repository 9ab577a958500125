package io.mm.core.parse;

import static io.mm.core.parse.ParserChecks.as;
import static io.mm.core.parse.ParserChecks.bad;
import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.feed.FrameKind;
import io.mm.core.kraken.KrakenParser;
import io.mm.core.parse.ParserChecks.Bad;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link KrakenParser} (WS v2) on bad input: a typed answer naming the problem, never an exception, no harm to the next frame. */
class KrakenParserRobustnessTest {
    static final String SNAPSHOT = "{\"channel\":\"book\",\"type\":\"snapshot\",\"data\":[{\"symbol\":\"BTC/USD\","
            + "\"bids\":[{\"price\":45283.5,\"qty\":0.10000000},{\"price\":45283.4,\"qty\":1.54582015}],"
            + "\"asks\":[{\"price\":45285.2,\"qty\":0.00100000}],\"checksum\":3310070434,\"timestamp\":\"2023-10-06T17:35:55.440295Z\"}]}";
    static final String UPDATE = "{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":\"MATIC/USD\","
            + "\"bids\":[{\"price\":0.5657,\"qty\":1098.3947558}],\"asks\":[],\"checksum\":2114181697,\"timestamp\":\"2023-10-06T17:35:55.440295Z\"}]}";
    static final String TRADE = "{\"channel\":\"trade\",\"type\":\"update\",\"data\":[{\"symbol\":\"MATIC/USD\",\"side\":\"buy\",\"price\":0.5147,"
            + "\"qty\":6423.46326,\"ord_type\":\"limit\",\"trade_id\":4665846,\"timestamp\":\"2023-09-25T07:48:36.925533Z\"}]}";
    static final String ACK = "{\"method\":\"subscribe\",\"result\":{\"channel\":\"book\",\"depth\":10,\"snapshot\":true,\"symbol\":\"BTC/USD\"},"
            + "\"success\":true,\"time_in\":\"2023-10-06T17:35:55.000000Z\",\"time_out\":\"2023-10-06T17:35:55.000100Z\",\"req_id\":1234}";
    static final String INSTRUMENT = "{\"channel\":\"instrument\",\"type\":\"snapshot\",\"data\":{\"assets\":[],\"pairs\":[{\"symbol\":\"BTC/USD\","
            + "\"price_precision\":1,\"qty_precision\":8,\"status\":\"online\",\"qty_increment\":1E-8}]}}";
    static final List<String> GOOD = List.of(SNAPSHOT, UPDATE, TRADE, ACK, INSTRUMENT, "{\"channel\":\"heartbeat\"}",
            "{\"method\":\"pong\",\"req_id\":101,\"time_in\":\"2023-10-06T17:35:55.000000Z\",\"time_out\":\"2023-10-06T17:35:55.000100Z\"}",
            "{\"channel\":\"status\",\"type\":\"update\",\"data\":[{\"api_version\":\"v2\",\"connection_id\":1,\"system\":\"online\",\"version\":\"2.0.0\"}]}",
            "{\"error\":\"Currency pair not supported FOO/BAR\",\"method\":\"subscribe\",\"success\":false,\"symbol\":\"FOO/BAR\",\"req_id\":5}");

    static List<String> reference() {
        return ParserChecks.reference(KrakenParser::new, List.of(), GOOD);
    }

    /** An update whose only data entry has the given fields. */
    static String update(String fields) {
        return "{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\"," + fields + "}]}";
    }

    static Stream<Bad> badFrames() {
        String ok = "\"bids\":[{\"price\":1.5,\"qty\":2}],\"asks\":[]";
        return Stream.of(
                bad("empty", "", "expected a JSON object, got end of input"),
                bad("not JSON", "book BTC/USD", "invalid JSON"),
                bad("an array", "[\"book\"]", "expected a JSON object, got an array"),
                bad("truncated", SNAPSHOT.substring(0, 120), "invalid JSON"),
                bad("two objects", UPDATE + " {}", "trailing data"),
                bad("no channel or method", "{\"type\":\"update\",\"data\":[]}", "neither 'channel' nor 'method'"),
                bad("no data entry", "{\"channel\":\"book\",\"type\":\"update\",\"data\":[]}", "book frame without a data entry"),
                bad("data a number", "{\"channel\":\"book\",\"type\":\"update\",\"data\":5}", "'data' is a number"),
                bad("entry a string", "{\"channel\":\"book\",\"type\":\"update\",\"data\":[\"x\"]}", "data[0] is a string"),
                bad("no symbol", "{\"channel\":\"book\",\"type\":\"update\",\"data\":[{" + ok + ",\"checksum\":1}]}", "data[0] has no symbol"),
                bad("symbol a number", "{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":5," + ok + "}]}", "data[0].symbol is a number"),
                bad("bids an object", update("\"bids\":{},\"asks\":[],\"checksum\":1"), "data[0].bids is an object"),
                bad("level a number", update("\"bids\":[1],\"asks\":[],\"checksum\":1"), "data[0].bids[0] is a number"),
                bad("level without qty", update("\"bids\":[],\"asks\":[{\"price\":1}],\"checksum\":1"), "data[0].asks[0] without qty"),
                bad("level without price", update("\"bids\":[{\"qty\":1}],\"asks\":[],\"checksum\":1"), "data[0].bids[0] without price"),
                bad("price text", update("\"bids\":[{\"price\":\"abc\",\"qty\":1}],\"asks\":[],\"checksum\":1"), "data[0].bids[0].price: not a number"),
                bad("price an array", update("\"bids\":[{\"price\":[1],\"qty\":1}],\"asks\":[],\"checksum\":1"),
                        "data[0].bids[0].price: expected a number, got an array"),
                bad("negative qty", update("\"bids\":[{\"price\":1,\"qty\":-1}],\"asks\":[],\"checksum\":1"), "negative"),
                bad("checksum text", update(ok + ",\"checksum\":\"1\""), "data[0].checksum is a string"),
                bad("checksum a fraction", update(ok + ",\"checksum\":1.5"), "data[0].checksum is a number"),
                bad("checksum negative", update(ok + ",\"checksum\":-1"), "not an unsigned 32-bit integer"),
                bad("checksum 2^32", update(ok + ",\"checksum\":4294967296"), "not an unsigned 32-bit integer"),
                bad("checksum beyond a long", update(ok + ",\"checksum\":99999999999999999999"), "out of range"),
                bad("timestamp not RFC 3339", update(ok + ",\"checksum\":1,\"timestamp\":\"yesterday\""), "not RFC 3339"),
                bad("update without levels or checksum", update("\"bids\":[],\"asks\":[]"), "without levels or checksum"),
                bad("two entries", "{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\"," + ok + ",\"checksum\":1},"
                        + "{\"symbol\":\"ETH/USD\"," + ok + ",\"checksum\":2}]}", "more than one data entry"),
                bad("book of unknown type", "{\"channel\":\"book\",\"type\":\"delta\",\"data\":[{\"symbol\":\"BTC/USD\"," + ok + "}]}",
                        "book frame of type 'delta'"),
                bad("price of 19 digits", update("\"bids\":[{\"price\":1234567890123456789,\"qty\":1}],\"asks\":[]"), "more than 18 digits"),
                bad("trade without side", TRADE.replace("\"side\":\"buy\",", ""), "trade without side"),
                bad("trade side other", TRADE.replace("\"side\":\"buy\"", "\"side\":\"up\""), "side 'up' is not buy/sell"),
                bad("trade without timestamp", TRADE.replace(",\"timestamp\":\"2023-09-25T07:48:36.925533Z\"", ""), "without timestamp"),
                bad("trade frame without trades", "{\"channel\":\"trade\",\"type\":\"update\",\"data\":[]}", "trade frame without trades"),
                bad("instrument pair without precision", "{\"channel\":\"instrument\",\"type\":\"snapshot\",\"data\":{\"pairs\":[{\"symbol\":\"BTC/USD\"}]}}",
                        "BTC/USD without price_precision/qty_precision"),
                // an object or array where a number or string belongs: the field is named
                bad("channel an object", "{\"channel\":{\"name\":\"book\"},\"type\":\"update\",\"data\":[]}", "'channel'"),
                bad("type an object", "{\"channel\":\"book\",\"type\":{\"a\":1},\"data\":[{\"symbol\":\"BTC/USD\"," + ok + "}]}", "'type'"),
                bad("method an array", "{\"method\":[\"subscribe\"],\"success\":true}", "'method'"),
                bad("timestamp an object", update(ok + ",\"checksum\":1,\"timestamp\":{\"a\":1}"), "timestamp"),
                bad("side an object", TRADE.replace("\"side\":\"buy\"", "\"side\":{\"a\":1}"), "side"),
                bad("precision an object", INSTRUMENT.replace("\"price_precision\":1", "\"price_precision\":{}"), "price_precision"),
                // typed answers that are not errors of the frame
                as("unknown channel", "{\"channel\":\"ohlc\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"open\":1}]}", FrameKind.IGNORED),
                as("unknown method", "{\"method\":\"add_order\",\"success\":true,\"result\":{}}", FrameKind.IGNORED),
                as("failed subscribe", "{\"error\":\"Currency pair not supported\",\"method\":\"subscribe\",\"success\":false}", FrameKind.ERROR),
                as("update with checksum only", update("\"bids\":[],\"asks\":[],\"checksum\":1"), FrameKind.DEPTH_UPDATE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFrames")
    void badFrameGetsATypedAnswerAndTheNextFrameParses(Bad b) {
        ParserChecks.check(new KrakenParser(), b, GOOD, reference());
    }

    @Test
    void failedSubscribeCarriesTheExchangesText() {
        KrakenParser p = new KrakenParser();
        assertThat(p.parse(GOOD.get(GOOD.size() - 1))).isEqualTo(FrameKind.ERROR);
        assertThat(p.error()).contains("Currency pair not supported FOO/BAR");
        assertThat(p.symbol()).isEqualTo("FOO/BAR");
    }

    @Test
    void everyCutOfAGoodFrameIsMalformed() {
        KrakenParser p = new KrakenParser();
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
        int malformed = ParserChecks.fuzz(seed, new KrakenParser(), GOOD, reference(), 200);
        assertThat(malformed).as("most random damage is detected").isGreaterThan(50);
    }
}
