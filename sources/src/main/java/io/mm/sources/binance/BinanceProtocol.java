package io.mm.sources.binance;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.mm.core.binance.BinanceParser;
import io.mm.core.feed.FrameParser;
import io.mm.core.feed.Json;
import io.mm.sources.ws.ExchangeProtocol;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Binance combined streams: {@code <base>/stream?streams=<s>@depth@100ms/<s>@trade/...} for up to
 * {@link #URL_STREAMS} streams, the rest added with SUBSCRIBE messages of up to {@link #PER_SUBSCRIBE}
 * streams each (Binance allows 1024 streams per connection and 5 incoming messages per second; the
 * connection spaces them). Frames are routed by the stream name's symbol; {@code serverShutdown} hands the
 * session over to a new socket. The application ping is a {@code LIST_SUBSCRIPTIONS} request, its answer the pong:
 * a connection whose symbols are quiet (no book change, no trade) still hears from the server, so only a silent
 * server is a stall. The server's protocol pings (every 20 s) are answered by OkHttp.
 */
public final class BinanceProtocol implements ExchangeProtocol {
    static final int URL_STREAMS = 100;
    static final int PER_SUBSCRIBE = 100;
    /** Ping request ids start here, far above the subscriptions' (unsigned integers: every Binance version takes them). */
    static final long PING_IDS = 1_000_000_000L;

    private final String url;
    private final List<String> subscribes = new ArrayList<>();
    private final Map<String, String> byLower = new HashMap<>();

    public BinanceProtocol(String baseUrl, List<String> symbols) {
        List<String> streams = new ArrayList<>();
        for (String s : symbols) {
            String lower = s.toLowerCase(Locale.ROOT);
            byLower.put(lower, s);
            streams.add(lower + "@depth@100ms");
            streams.add(lower + "@trade");
        }
        int inUrl = Math.min(URL_STREAMS, streams.size());
        this.url = trimSlash(baseUrl) + "/stream?streams=" + String.join("/", streams.subList(0, inUrl));
        int id = 1;
        for (int i = inUrl; i < streams.size(); i += PER_SUBSCRIBE) {
            List<String> batch = streams.subList(i, Math.min(streams.size(), i + PER_SUBSCRIBE));
            subscribes.add("{\"method\":\"SUBSCRIBE\",\"params\":[\"" + String.join("\",\"", batch) + "\"],\"id\":" + (id++) + "}");
        }
    }

    static String trimSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public String url() {
        return url;
    }

    @Override
    public List<String> openMessages() {
        return subscribes;
    }

    /** Binance's {@code U}/{@code u} and trade ids are the exchange's own: a successor socket continues a book exactly. */
    @Override
    public FrameParser handoverIds() {
        return new BinanceParser();
    }

    @Override
    public String ping(long id) {
        return "{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":" + (PING_IDS + id) + "}";
    }

    @Override
    public void onFrame(String text, Sink sink) {
        // combined frames start with the stream name: route without parsing the payload
        if (text.startsWith("{\"stream\":\"")) {
            int start = 11;
            int at = text.indexOf('@', start);
            int quote = text.indexOf('"', start);
            if (quote > start && text.charAt(start) == '!') {
                sink.toAll(text);
                if (text.startsWith("!serverShutdown", start)) {
                    sink.rotate("serverShutdown");
                }
                return;
            }
            if (at > start && at < quote) {
                String symbol = byLower.get(text.substring(start, at));
                if (symbol != null) {
                    sink.toSymbol(symbol, text);
                    return;
                }
            }
        }
        routeParsed(text, sink);
    }

    /** Raw-stream frames, acks, ping answers and errors: a light look at the top-level fields. */
    private void routeParsed(String text, Sink sink) {
        String e = null;
        String s = null;
        long id = -1;
        boolean error = false;
        boolean ack = false;
        try (JsonParser p = Json.FACTORY.createParser(text)) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    switch (name) {
                        case "e" -> e = p.getValueAsString();
                        case "s" -> s = p.getValueAsString();
                        case "error", "code" -> error = true;
                        case "result" -> ack = true;
                        case "id" -> id = p.currentToken() == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : -1;
                        default -> { }
                    }
                    p.skipChildren();
                }
            }
        } catch (IOException ex) {
            sink.toAll(text); // every ledger records the malformed frame
            return;
        }
        if ("serverShutdown".equals(e)) {
            sink.toAll(text);
            sink.rotate("serverShutdown");
        } else if (s != null && byLower.containsKey(s.toLowerCase(Locale.ROOT))) {
            sink.toSymbol(byLower.get(s.toLowerCase(Locale.ROOT)), text);
        } else if (error || !ack) {
            sink.toAll(text);
        } else if (id >= PING_IDS) {
            sink.pong();
        }
        // subscribe acks ({"result":null,"id":n}) carry nothing a symbol needs
    }
}
