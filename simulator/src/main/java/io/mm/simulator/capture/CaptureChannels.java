package io.mm.simulator.capture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm.core.Exchange;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which subscription a captured line belongs to, and what a client's message subscribes to, in each exchange's
 * terms: a replay holds a line back until the client has asked for its channel, as the exchange sends nothing
 * before that. Keys: Kraken {@code channel:symbol} (the instrument channel has no symbol), Bitfinex
 * {@code conf} and {@code channel:symbol} (data frames by the channel id the capture's {@code subscribed} line
 * gave). Binance subscribes in the URL: nothing is held. A line with no key (heartbeats, status, info) is never
 * held.
 */
final class CaptureChannels {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Exchange exchange;
    /** Bitfinex: the capture's channel ids to their subscription keys. */
    private final Map<Long, String> chanIds = new HashMap<>();

    CaptureChannels(Exchange exchange, List<CaptureLine> lines) {
        this.exchange = exchange;
        if (exchange == Exchange.BITFINEX) {
            for (CaptureLine l : lines) {
                JsonNode n = parse(l.msg());
                if (n != null && "subscribed".equals(n.path("event").asText())) {
                    chanIds.put(n.path("chanId").asLong(), n.path("channel").asText() + ":" + bitfinexSymbol(n));
                }
            }
        }
    }

    /** The subscription a captured line belongs to, or null when it goes out whatever the client asked. */
    String keyOf(String msg) {
        switch (exchange) {
            case KRAKEN -> {
                JsonNode n = parse(msg);
                if (n == null) {
                    return null;
                }
                if ("subscribe".equals(n.path("method").asText())) {
                    JsonNode r = n.path("result");
                    return key(r.path("channel").asText(), r.path("symbol").asText(null));
                }
                String channel = n.path("channel").asText("");
                if (channel.equals("instrument")) {
                    return key(channel, null);
                }
                if (channel.equals("book") || channel.equals("trade") || channel.equals("ticker") || channel.equals("ohlc")) {
                    JsonNode first = n.path("data").path(0);
                    return key(channel, first.path("symbol").asText(null));
                }
                return null;
            }
            case BITFINEX -> {
                if (msg.startsWith("[")) {
                    int end = 1;
                    while (end < msg.length() && Character.isDigit(msg.charAt(end))) {
                        end++;
                    }
                    return end == 1 ? null : chanIds.get(Long.parseLong(msg.substring(1, end)));
                }
                JsonNode n = parse(msg);
                if (n == null) {
                    return null;
                }
                return switch (n.path("event").asText()) {
                    case "conf" -> "conf";
                    case "subscribed" -> n.path("channel").asText() + ":" + bitfinexSymbol(n);
                    default -> null;
                };
            }
            default -> {
                return null;
            }
        }
    }

    /** What a client's message asks for: the keys it subscribes to (empty for anything else). */
    List<String> subscribes(JsonNode m) {
        switch (exchange) {
            case KRAKEN -> {
                if (!"subscribe".equals(m.path("method").asText())) {
                    return List.of();
                }
                JsonNode p = m.path("params");
                String channel = p.path("channel").asText();
                if (!p.path("symbol").isArray()) {
                    return List.of(key(channel, null));
                }
                java.util.ArrayList<String> keys = new java.util.ArrayList<>();
                p.path("symbol").forEach(s -> keys.add(key(channel, s.asText())));
                return keys;
            }
            case BITFINEX -> {
                String event = m.path("event").asText();
                if (event.equals("conf")) {
                    return List.of("conf");
                }
                if (event.equals("subscribe")) {
                    return List.of(m.path("channel").asText() + ":" + bitfinexSymbol(m));
                }
                return List.of();
            }
            default -> {
                return List.of();
            }
        }
    }

    static String key(String channel, String symbol) {
        return symbol == null ? channel : channel + ":" + symbol;
    }

    private static String bitfinexSymbol(JsonNode n) {
        String s = n.path("symbol").asText(null);
        if (s == null && n.has("pair")) {
            s = "t" + n.path("pair").asText();
        }
        return s;
    }

    static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            return null;
        }
    }
}
