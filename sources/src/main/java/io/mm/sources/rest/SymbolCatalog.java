package io.mm.sources.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm.core.Exchange;
import io.mm.core.feed.FrameKind;
import io.mm.core.kraken.KrakenInstrument;
import io.mm.core.kraken.KrakenParser;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import io.mm.sources.http.HttpClients;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/**
 * Each exchange's list of tradable symbols, as the recorder checks its {@code SYMBOL} setting at start:
 * Binance {@code /api/v3/exchangeInfo} (status TRADING), Kraken's WS v2 {@code instrument} snapshot (the v2
 * names, such as BTC/USD, which REST AssetPairs does not use), Bitfinex
 * {@code /v2/conf/pub:list:pair:exchange}.
 */
public final class SymbolCatalog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final OkHttpClient client;
    private final RestEndpoints rest;
    private final String krakenWs;

    public SymbolCatalog(RestEndpoints rest, String krakenWs, Duration timeout) {
        this.rest = rest;
        this.krakenWs = krakenWs;
        this.client = HttpClients.builder(rest.insecureTls()).callTimeout(timeout).connectTimeout(timeout).readTimeout(timeout).build();
    }

    /** Where the list comes from, for messages. */
    public String source(Exchange e) {
        return switch (e) {
            case BINANCE -> rest.base(e) + "/api/v3/exchangeInfo";
            case KRAKEN -> krakenWs + " (instrument channel)";
            case BITFINEX -> rest.base(e) + "/v2/conf/pub:list:pair:exchange";
        };
    }

    /**
     * @throws IOException naming the URL when the list cannot be read
     */
    public Set<String> symbols(Exchange e) throws IOException {
        return switch (e) {
            case BINANCE -> {
                Set<String> s = new LinkedHashSet<>();
                for (JsonNode n : get(source(e)).path("symbols")) {
                    if ("TRADING".equals(n.path("status").asText("TRADING"))) {
                        s.add(n.path("symbol").asText());
                    }
                }
                yield s;
            }
            case KRAKEN -> krakenInstruments();
            case BITFINEX -> {
                Set<String> s = new LinkedHashSet<>();
                for (JsonNode n : get(source(e)).path(0)) {
                    s.add("t" + n.asText());
                }
                yield s;
            }
        };
    }

    private JsonNode get(String url) throws IOException {
        try (Response r = client.newCall(new Request.Builder().url(url).build()).execute()) {
            if (!r.isSuccessful()) {
                throw new IOException(url + " answered HTTP " + r.code());
            }
            return JSON.readTree(r.body().string());
        }
    }

    private Set<String> krakenInstruments() throws IOException {
        CompletableFuture<Set<String>> result = new CompletableFuture<>();
        WebSocket ws = client.newWebSocket(new Request.Builder().url(krakenWs).build(), new WebSocketListener() {
            @Override
            public void onOpen(WebSocket webSocket, Response response) {
                webSocket.send("{\"method\":\"subscribe\",\"params\":{\"channel\":\"instrument\",\"snapshot\":true},\"req_id\":1}");
            }

            @Override
            public void onMessage(WebSocket webSocket, String text) {
                if (!text.contains("\"instrument\"")) {
                    return;
                }
                KrakenParser p = new KrakenParser();
                if (p.parse(text) == FrameKind.INSTRUMENT) {
                    Set<String> s = new LinkedHashSet<>();
                    for (KrakenInstrument i : p.instruments()) {
                        s.add(i.symbol());
                    }
                    result.complete(s);
                }
            }

            @Override
            public void onFailure(WebSocket webSocket, Throwable t, Response response) {
                result.completeExceptionally(t);
            }
        });
        try {
            return result.get(client.callTimeoutMillis() > 0 ? client.callTimeoutMillis() : 10_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException(krakenWs + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException(krakenWs + ": no instrument snapshot in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading " + krakenWs);
        } finally {
            ws.cancel();
        }
    }

    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
