package io.mm.sources.bitfinex;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.mm.core.bitfinex.BitfinexParser;
import io.mm.core.feed.Json;
import io.mm.sources.ws.ExchangeProtocol;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Bitfinex WS v2: {@code conf} with the checksum, sequence and timestamp flags, then {@code book} (P0, F0,
 * configured length) and {@code trades} per symbol (25 channels per connection: at most 12 symbols). Channel
 * data is routed by the channel id from the {@code subscribed} events; heartbeats go no further, also for
 * channels whose {@code subscribed} has not arrived yet (seen on real connections). Info 20051 (server
 * restart) and 20061 (maintenance over: resubscribe everything) reconnect.
 */
public final class BitfinexProtocol implements ExchangeProtocol {
    public static final int MAX_SYMBOLS_PER_CONNECTION = 12;

    private final String url;
    private final List<String> symbols;
    private final Set<String> known;
    private final int length;
    private final Map<Long, String> channels = new HashMap<>();

    public BitfinexProtocol(String url, List<String> symbols, int length) {
        this.url = url;
        this.symbols = List.copyOf(symbols);
        this.known = new HashSet<>(symbols);
        this.length = length;
    }

    @Override
    public String url() {
        return url;
    }

    @Override
    public List<String> openMessages() {
        List<String> m = new ArrayList<>();
        m.add("{\"event\":\"conf\",\"flags\":" + BitfinexParser.RECORDER_FLAGS + "}");
        for (String s : symbols) {
            m.add("{\"event\":\"subscribe\",\"channel\":\"book\",\"symbol\":\"" + s + "\",\"prec\":\"P0\",\"freq\":\"F0\",\"len\":\""
                    + length + "\"}");
            m.add("{\"event\":\"subscribe\",\"channel\":\"trades\",\"symbol\":\"" + s + "\"}");
        }
        return m;
    }

    @Override
    public String ping(long id) {
        return "{\"event\":\"ping\",\"cid\":" + id + "}";
    }

    @Override
    public void onFrame(String text, Sink sink) {
        if (text.startsWith("[")) {
            int end = 1;
            while (end < text.length() && Character.isDigit(text.charAt(end))) {
                end++;
            }
            if (end == 1) {
                sink.toAll(text);
                return;
            }
            if (text.startsWith(",\"hb\"", end)) {
                return;
            }
            String symbol = channels.get(Long.parseLong(text.substring(1, end)));
            if (symbol != null) {
                sink.toSymbol(symbol, text);
            }
            // data for a channel we did not subscribe (or no longer have): not ours
            return;
        }
        String event = null;
        String symbol = null;
        long chanId = -1;
        long code = -1;
        try (JsonParser p = Json.FACTORY.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                sink.toAll(text);
                return;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "event" -> event = p.getValueAsString();
                    case "symbol" -> symbol = p.getValueAsString();
                    case "pair" -> symbol = symbol == null ? "t" + p.getValueAsString() : symbol;
                    case "chanId" -> chanId = p.getValueAsLong(-1);
                    case "code" -> code = p.getValueAsLong(-1);
                    default -> p.skipChildren();
                }
            }
        } catch (IOException e) {
            sink.toAll(text);
            return;
        }
        if (event == null) {
            sink.toAll(text);
            return;
        }
        switch (event) {
            case "pong" -> sink.pong();
            case "subscribed" -> {
                if (symbol != null && known.contains(symbol)) {
                    channels.put(chanId, symbol);
                    sink.toSymbol(symbol, text);
                }
            }
            case "unsubscribed" -> {
                String s = channels.remove(chanId);
                if (s != null) {
                    sink.toSymbol(s, text);
                }
            }
            case "info" -> {
                sink.toAll(text);
                if (code == 20051) {
                    sink.reconnect("Bitfinex info 20051: server restart");
                } else if (code == 20061) {
                    sink.reconnect("Bitfinex info 20061: maintenance ended, resubscribing");
                }
            }
            case "error" -> {
                if (symbol != null && known.contains(symbol)) {
                    sink.toSymbol(symbol, text);
                } else {
                    sink.toAll(text);
                }
            }
            default -> sink.toAll(text); // conf acks: every symbol's parser needs the flags
        }
    }
}
