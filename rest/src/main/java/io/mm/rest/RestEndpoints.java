package io.mm.rest;

import io.mm.core.Exchange;
import io.mm.core.config.SettingsReader;
import java.io.Serializable;

/**
 * REST base URLs: {@code BINANCE_REST_URL}, {@code KRAKEN_REST_URL}, {@code BITFINEX_REST_URL}, defaulting to
 * the real exchanges; {@code insecureTls} is {@code INSECURE_TLS=1} for the clients that call them.
 */
public record RestEndpoints(String binance, String kraken, String bitfinex, boolean insecureTls) implements Serializable {
    public RestEndpoints(String binance, String kraken, String bitfinex) {
        this(binance, kraken, bitfinex, false);
    }

    public RestEndpoints withInsecureTls(boolean insecure) {
        return new RestEndpoints(binance, kraken, bitfinex, insecure);
    }

    public static final String BINANCE = "https://api.binance.com";
    public static final String KRAKEN = "https://api.kraken.com";
    public static final String BITFINEX = "https://api-pub.bitfinex.com";

    /** {@code BINANCE_REST_URL}, {@code KRAKEN_REST_URL}, {@code BITFINEX_REST_URL} and {@code INSECURE_TLS}, as every command reads them. */
    public static RestEndpoints from(SettingsReader k) {
        return new RestEndpoints(k.url("BINANCE_REST_URL", BINANCE, false), k.url("KRAKEN_REST_URL", KRAKEN, false),
                k.url("BITFINEX_REST_URL", BITFINEX, false), k.bool("INSECURE_TLS", false));
    }

    public static RestEndpoints defaults() {
        return new RestEndpoints(BINANCE, KRAKEN, BITFINEX);
    }

    public String base(Exchange e) {
        String b = switch (e) {
            case BINANCE -> binance;
            case KRAKEN -> kraken;
            case BITFINEX -> bitfinex;
        };
        return b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    }

    /** The book snapshot URL of a symbol. Kraken's REST pairs are its WS v2 symbols without the slash. */
    public String bookSnapshot(Exchange e, String symbol, int limit) {
        return switch (e) {
            case BINANCE -> base(e) + "/api/v3/depth?symbol=" + symbol + "&limit=" + limit;
            case KRAKEN -> base(e) + "/0/public/Depth?pair=" + symbol.replace("/", "") + "&count=" + limit;
            case BITFINEX -> base(e) + "/v2/book/" + symbol + "/P0?len=" + (limit <= 1 ? 1 : limit <= 25 ? 25 : 100);
        };
    }

    /** Binance's request weight of a depth snapshot by its limit (since 2023-10-19). */
    public static int binanceDepthWeight(int limit) {
        if (limit <= 100) {
            return 5;
        }
        if (limit <= 500) {
            return 25;
        }
        if (limit <= 1000) {
            return 50;
        }
        return 250;
    }
}
