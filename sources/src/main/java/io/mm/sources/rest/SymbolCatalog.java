package io.mm.sources.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm.core.Exchange;
import io.mm.core.feed.FrameKind;
import io.mm.core.kraken.KrakenInstrument;
import io.mm.core.kraken.KrakenParser;
import io.mm.rest.HttpClients;
import io.mm.rest.RestBudget;
import io.mm.rest.RestEndpoints;
import io.mm.rest.RestLimits;
import io.mm.rest.RetryAfter;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each exchange's list of tradable symbols, as the recorder checks its {@code SYMBOL} setting at start:
 * Binance {@code /api/v3/exchangeInfo} (status TRADING), Kraken's WS v2 {@code instrument} snapshot (the v2
 * names, such as BTC/USD, which REST AssetPairs does not use), Bitfinex
 * {@code /v2/conf/pub:list:pair:exchange}.
 */
public final class SymbolCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(SymbolCatalog.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Binance's documented weight of {@code exchangeInfo} without parameters. */
    static final int BINANCE_EXCHANGE_INFO_WEIGHT = 20;
    /** Longest Retry-After the start waits for; a ban (418) is minutes to days. */
    static final long MAX_RETRY_AFTER_MS = 60_000;
    static final int ATTEMPTS = 3;
    private final OkHttpClient client;
    private final RestEndpoints rest;
    private final RestLimits limits;
    private final String krakenWs;

    public SymbolCatalog(RestEndpoints rest, RestLimits limits, String krakenWs, Duration timeout) {
        this.rest = rest;
        this.limits = limits;
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
                for (JsonNode n : get(e, source(e)).path("symbols")) {
                    if ("TRADING".equals(n.path("status").asText("TRADING"))) {
                        s.add(n.path("symbol").asText());
                    }
                }
                yield s;
            }
            case KRAKEN -> krakenInstruments();
            case BITFINEX -> {
                Set<String> s = new LinkedHashSet<>();
                for (JsonNode n : get(e, source(e)).path(0)) {
                    s.add("t" + n.asText());
                }
                yield s;
            }
        };
    }

    /**
     * One GET, through the exchange's REST budget. A 429 or 418 is waited out once for its Retry-After when that is
     * at most {@link #MAX_RETRY_AFTER_MS}; a 5xx or a lost connection is tried again after a second; anything else,
     * or a longer wait, is an {@link IOException} naming the URL and the status.
     */
    private JsonNode get(Exchange e, String url) throws IOException {
        RestBudget budget = budget(e);
        for (int attempt = 1; ; attempt++) {
            RestBudget.Ticket ticket = budget.await(e == Exchange.BINANCE ? BINANCE_EXCHANGE_INFO_WEIGHT : 1);
            int code;
            String retryAfter;
            try (Response r = client.newCall(new Request.Builder().url(url).build()).execute()) {
                String used = r.header("X-MBX-USED-WEIGHT-1M");
                if (used != null && used.trim().matches("\\d{1,9}")) {
                    budget.observedWeight(Integer.parseInt(used.trim()));
                }
                if (r.isSuccessful()) {
                    return JSON.readTree(r.body().string());
                }
                code = r.code();
                retryAfter = r.header("Retry-After");
            } catch (IOException x) {
                if (attempt >= ATTEMPTS) {
                    throw new IOException(url + ": " + x.getClass().getSimpleName() + ": " + x.getMessage() + " (" + attempt + " attempts)", x);
                }
                code = -1;
                retryAfter = null;
            } finally {
                ticket.done();
            }
            long waitMs;
            if (code == 429 || code == 418) {
                waitMs = RetryAfter.millis(retryAfter, code);
                budget.pause(code, waitMs);
                if (waitMs > MAX_RETRY_AFTER_MS || attempt >= ATTEMPTS) {
                    throw new IOException(url + " answered HTTP " + code + (code == 418 ? " (the IP is banned)" : " (rate limited)")
                            + " with Retry-After " + waitMs / 1000 + " s");
                }
                LOG.warn("{} answered HTTP {}: waiting {} s as its Retry-After says", url, code, waitMs / 1000);
            } else if (code >= 500 || code == -1) {
                if (attempt >= ATTEMPTS) {
                    throw new IOException(url + " answered HTTP " + code + " (" + attempt + " attempts)");
                }
                waitMs = 1000L * attempt;
            } else {
                throw new IOException(url + " answered HTTP " + code);
            }
            sleep(waitMs);
        }
    }

    private RestBudget budget(Exchange e) {
        return switch (e) {
            case BINANCE -> RestBudget.shared(rest.base(e), limits.binanceWeightPerMinute(), limits.minSpacingMillis());
            case KRAKEN -> RestBudget.shared(rest.base(e), 0, limits.krakenSpacingMillis());
            case BITFINEX -> RestBudget.shared(rest.base(e), 0, limits.bitfinexSpacingMillis());
        };
    }

    private static void sleep(long ms) throws IOException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting to ask again");
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
