package io.mm.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mm.core.Exchange;
import io.mm.core.TestData;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The simulator answers in the real exchange's shapes: each real body in ../shared/testdata and the simulator's
 * answer to the same request have the same fields in the same order with the same JSON types (decimal strings where
 * Binance sends decimal strings), so a client that reads the simulator reads the exchange.
 */
class RealShapesITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DECIMAL = Pattern.compile("-?\\d+(\\.\\d+)?");

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "binance/rest_klines.json|/api/v3/klines?symbol=BTCUSDT&interval=1m&limit=5",
        "binance/rest_agg_trades.json|/api/v3/aggTrades?symbol=BTCUSDT&limit=5",
        "binance/rest_trades.json|/api/v3/trades?symbol=BTCUSDT&limit=5",
        "binance/rest_historical_trades.json|/api/v3/historicalTrades?symbol=BTCUSDT&limit=5",
        "binance/rest_depth.json|/api/v3/depth?symbol=BTCUSDT&limit=20",
    })
    void binanceRestBodiesHaveTheRealShape(String realFile, String request) throws Exception {
        JsonNode real = JSON.readTree(TestData.read(realFile));
        try (Simulator s = Simulator.builder().seed(3).exchanges(EnumSet.of(Exchange.BINANCE))
                .symbols(Exchange.BINANCE, List.of("BTCUSDT")).build().start()) {
            JsonNode sim = JSON.readTree(SimClient.get(s.urls().binanceRest() + request).body());
            assertThat(sim).as(request).isNotEmpty();
            assertThat(shape(sim)).as(request + " against " + realFile).isEqualTo(shape(real));
        }
    }

    @Test
    void krakenInstrumentAndBookMessagesHaveTheRealShape() throws Exception {
        JsonNode instruments = JSON.readTree(TestData.read("kraken/instrument_snapshot.json"));
        JsonNode book = JSON.readTree(TestData.read("kraken/real_book_v2_btcusd.json"));
        try (Simulator s = Simulator.builder().seed(3).exchanges(EnumSet.of(Exchange.KRAKEN))
                .symbols(Exchange.KRAKEN, List.of("BTC/USD")).build().start();
             SimClient c = new SimClient(s.urls().krakenWs())) {
            c.send("{\"method\":\"subscribe\",\"params\":{\"channel\":\"instrument\",\"snapshot\":true},\"req_id\":1}");
            JsonNode simInstruments = JSON.readTree(c.nextContaining("\"type\":\"snapshot\"", 5000));
            assertThat(looseShape(simInstruments.get("data").get("assets").get(0)))
                    .isEqualTo(looseShape(instruments.get("data").get("assets").get(0)));
            JsonNode simPair = simInstruments.get("data").get("pairs").get(0);
            // a real pair of the same kind: non-marginable pairs carry no margin fields
            JsonNode realPair = java.util.stream.StreamSupport.stream(instruments.get("data").get("pairs").spliterator(), false)
                    .filter(p -> p.get("marginable").equals(simPair.get("marginable"))).findFirst().orElseThrow();
            assertThat(looseShape(simPair)).as("an instrument pair").isEqualTo(looseShape(realPair));

            c.send("{\"method\":\"subscribe\",\"params\":{\"channel\":\"book\",\"symbol\":[\"BTC/USD\"],\"depth\":10},\"req_id\":2}");
            ObjectNode snapshot = (ObjectNode) JSON.readTree(c.nextContaining("\"type\":\"snapshot\"", 5000));
            ((ObjectNode) snapshot.get("data").get(0)).remove("timestamp"); // optional: Kraken documents it, a real 2023 snapshot lacked it
            assertThat(looseShape(snapshot)).as("a book snapshot").isEqualTo(looseShape(book.get("init")));
            JsonNode update = JSON.readTree(c.nextContaining("\"type\":\"update\"", 5000));
            assertThat(looseShape(update)).as("a book update").isEqualTo(looseShape(book.get("updates").get(0)));
        }
    }

    @Test
    void bitfinexBookFramesHaveTheRealShape() throws Exception {
        List<JsonNode> real = new java.util.ArrayList<>();
        for (String line : TestData.read("bitfinex/real_book_xrpbtc_with_checksum.ndjson").split("\n")) {
            if (!line.isBlank()) {
                real.add(JSON.readTree(line));
            }
        }
        try (Simulator s = Simulator.builder().seed(3).exchanges(EnumSet.of(Exchange.BITFINEX))
                .symbols(Exchange.BITFINEX, List.of("tBTCUSD")).build().start();
             SimClient c = new SimClient(s.urls().bitfinexWs())) {
            c.send("{\"event\":\"conf\",\"flags\":" + real.get(0).get("flags").asInt() + "}"); // the real session's flags: checksums only
            assertThat(looseShape(JSON.readTree(c.nextContaining("\"conf\"", 5000)))).isEqualTo(looseShape(real.get(0)));
            c.send("{\"event\":\"subscribe\",\"channel\":\"book\",\"symbol\":\"tBTCUSD\",\"prec\":\"P0\",\"freq\":\"F0\",\"len\":\"25\"}");
            assertThat(looseShape(JSON.readTree(c.nextContaining("\"subscribed\"", 5000)))).isEqualTo(looseShape(real.get(1)));
            assertThat(looseShape(JSON.readTree(c.nextContaining("[[", 5000)))).as("the snapshot").isEqualTo(looseShape(real.get(2)));
            JsonNode realUpdate = real.stream().filter(n -> n.isArray() && n.get(1).isArray() && !n.get(1).get(0).isArray()).findFirst().orElseThrow();
            JsonNode realChecksum = real.stream().filter(n -> n.isArray() && "cs".equals(n.get(1).asText())).findFirst().orElseThrow();
            boolean update = false;
            boolean checksum = false;
            long end = System.currentTimeMillis() + 10_000;
            while (!(update && checksum) && System.currentTimeMillis() < end) {
                JsonNode m = JSON.readTree(c.next(5000));
                if (m.isArray() && m.get(1).isArray() && !update) {
                    assertThat(looseShape(m)).as("an update").isEqualTo(looseShape(realUpdate));
                    update = true;
                } else if (m.isArray() && "cs".equals(m.get(1).asText()) && !checksum) {
                    assertThat(looseShape(m)).as("a checksum frame").isEqualTo(looseShape(realChecksum));
                    checksum = true;
                }
            }
            assertThat(update && checksum).as("an update and a checksum frame within 10 s").isTrue();
        }
    }

    @Test
    void shapesTellTypesOrderAndRowsApart() throws Exception {
        assertThat(shape(JSON.readTree("[{\"a\":1,\"p\":\"1.5\"},{\"a\":2,\"p\":\"2\"}]"))).isEqualTo("[{a:int,p:decimal}...]");
        assertThat(shape(JSON.readTree("{\"p\":\"1.5\",\"a\":1}"))).isNotEqualTo(shape(JSON.readTree("{\"a\":1,\"p\":\"1.5\"}")));
        assertThat(shape(JSON.readTree("[[1,\"x\",true]]"))).isEqualTo("[(int,text,boolean)...]");
        assertThat(shape(JSON.readTree("[[\"1\",\"2\"],[\"1\",\"2\",\"3\"]]"))).isEqualTo("[mixed rows]");
        assertThat(shape(JSON.readTree("[1.5, null]"))).isEqualTo("(float,null)");
        assertThat(looseShape(JSON.readTree("[[4.0,1],[1E-8,2.5]]"))).isEqualTo("[(number,number)...]");
    }

    /**
     * A body's shape: an object is its fields in order, an array of containers is its rows' one shape (or
     * {@code mixed rows}), an array of scalars is a tuple of their types, a string is {@code decimal} or {@code text}.
     */
    static String shape(JsonNode n) {
        return shape(n, false);
    }

    /** A shape in which every JSON number is a {@code number}: Kraken and Bitfinex send 4.0, 4 and 1E-8 alike. */
    static String looseShape(JsonNode n) {
        return shape(n, true);
    }

    private static String shape(JsonNode n, boolean loose) {
        if (n.isObject()) {
            StringBuilder b = new StringBuilder("{");
            Iterator<Map.Entry<String, JsonNode>> it = n.properties().iterator();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                b.append(e.getKey()).append(':').append(shape(e.getValue(), loose)).append(it.hasNext() ? "," : "");
            }
            return b.append('}').toString();
        }
        if (n.isArray()) {
            if (n.isEmpty()) {
                return "[]";
            }
            if (n.get(0).isContainerNode()) {
                String row = shape(n.get(0), loose);
                for (JsonNode e : n) {
                    if (!shape(e, loose).equals(row)) {
                        return "[mixed rows]";
                    }
                }
                return "[" + row + "...]";
            }
            StringBuilder b = new StringBuilder("(");
            for (int i = 0; i < n.size(); i++) {
                b.append(i == 0 ? "" : ",").append(shape(n.get(i), loose));
            }
            return b.append(')').toString();
        }
        if (n.isTextual()) {
            return DECIMAL.matcher(n.asText()).matches() ? "decimal" : "text";
        }
        if (n.isNumber() && loose) {
            return "number";
        }
        if (n.isIntegralNumber()) {
            return "int";
        }
        return n.isNumber() ? "float" : n.isBoolean() ? "boolean" : "null";
    }
}
