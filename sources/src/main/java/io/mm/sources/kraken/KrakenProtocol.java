package io.mm.sources.kraken;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm.core.feed.FrameKind;
import io.mm.core.feed.Json;
import io.mm.core.kraken.KrakenInstrument;
import io.mm.core.kraken.KrakenParser;
import io.mm.sources.ws.ExchangeProtocol;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Kraken WS v2: subscribe to {@code instrument} first, and only once its snapshot (the pairs' precisions the
 * book checksum needs) has arrived, to {@code book} at the configured depth and {@code trade} for the
 * connection's symbols. The instrument snapshot lists every pair: each symbol gets a small frame with just
 * its own pair. Book and trade frames are routed by {@code data[0].symbol}; heartbeats and pongs go no
 * further.
 */
public final class KrakenProtocol implements ExchangeProtocol {
    private static final ObjectMapper DETAILS = new ObjectMapper();
    private final String url;
    private final List<String> symbols;
    private final Set<String> known;
    private final int depth;
    private boolean subscribed;

    public KrakenProtocol(String url, List<String> symbols, int depth) {
        this.url = url;
        this.symbols = List.copyOf(symbols);
        this.known = new HashSet<>(symbols);
        this.depth = depth;
    }

    @Override
    public String url() {
        return url;
    }

    @Override
    public List<String> openMessages() {
        return List.of("{\"method\":\"subscribe\",\"params\":{\"channel\":\"instrument\",\"snapshot\":true},\"req_id\":1}");
    }

    @Override
    public String ping(long id) {
        return "{\"method\":\"ping\",\"req_id\":" + id + "}";
    }

    private String symbolList() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < symbols.size(); i++) {
            sb.append(i == 0 ? "\"" : ",\"").append(symbols.get(i).replace("\"", "\\\"")).append('"');
        }
        return sb.append(']').toString();
    }

    @Override
    public void onFrame(String text, Sink sink) {
        String channel = null;
        String method = null;
        String symbol = null;
        try (JsonParser p = Json.FACTORY.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                sink.toAll(text);
                return;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "channel" -> channel = p.getValueAsString();
                    case "method" -> method = p.getValueAsString();
                    case "symbol" -> symbol = t == JsonToken.VALUE_STRING ? p.getText() : symbol;
                    case "result" -> symbol = fieldOf(p, "symbol", symbol);
                    case "data" -> {
                        if (t == JsonToken.START_ARRAY && p.nextToken() == JsonToken.START_OBJECT) {
                            symbol = fieldOf(p, "symbol", symbol);
                            while (p.nextToken() != JsonToken.END_ARRAY) {
                                p.skipChildren();
                            }
                        } else {
                            p.skipChildren();
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        } catch (IOException e) {
            sink.toAll(text); // malformed: every ledger of the connection records it
            return;
        }
        if ("pong".equals(method)) {
            sink.pong();
            return;
        }
        if ("heartbeat".equals(channel)) {
            return;
        }
        if ("instrument".equals(channel)) {
            onInstrument(text, sink);
            return;
        }
        if (symbol != null && known.contains(symbol)) {
            sink.toSymbol(symbol, text);
        } else if (method == null || !"subscribe".equals(method) || text.contains("\"success\":false")) {
            sink.toAll(text);
        }
    }

    /** Reads the value of {@code field} inside the object at the parser's position, skipping everything else. */
    private static String fieldOf(JsonParser p, String field, String fallback) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return fallback;
        }
        String v = fallback;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if (name.equals(field) && t == JsonToken.VALUE_STRING) {
                v = p.getText();
            } else {
                p.skipChildren();
            }
        }
        return v;
    }

    private void onInstrument(String text, Sink sink) {
        KrakenParser parser = new KrakenParser();
        if (parser.parse(text) != FrameKind.INSTRUMENT) {
            sink.toAll(text);
            return;
        }
        for (KrakenInstrument i : parser.instruments()) {
            if (known.contains(i.symbol())) {
                // one message names every pair: each symbol gets its own pair's precisions, as a typed input
                sink.instrument(i.symbol(), DETAILS.createObjectNode().put("price_precision", i.pricePrecision())
                        .put("qty_precision", i.qtyPrecision()).put("status", i.status()).toString());
            }
        }
        if (!subscribed) {
            // the precisions are known: now the books (and trades) can be verified from their first message
            subscribed = true;
            sink.send("{\"method\":\"subscribe\",\"params\":{\"channel\":\"book\",\"symbol\":" + symbolList() + ",\"depth\":" + depth
                    + ",\"snapshot\":true},\"req_id\":2}");
            sink.send("{\"method\":\"subscribe\",\"params\":{\"channel\":\"trade\",\"symbol\":" + symbolList()
                    + ",\"snapshot\":true},\"req_id\":3}");
        }
    }
}
