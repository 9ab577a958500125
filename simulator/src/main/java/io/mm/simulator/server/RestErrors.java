package io.mm.simulator.server;

import io.mm.core.Exchange;

/** The exchanges' own error bodies for rate limits, bans and outages. */
public final class RestErrors {
    private RestErrors() {}

    /** 429 (rate limit) or 418 (Binance's IP ban), with Retry-After seconds. */
    public static RestAnswer tooMany(Exchange e, int status, long retryAfterSeconds) {
        String body = switch (e) {
            case BINANCE -> status == 418
                    ? "{\"code\":-1003,\"msg\":\"Way too much request weight used; IP banned until " + (System.currentTimeMillis()
                            + retryAfterSeconds * 1000) + ". Please use WebSocket Streams for live updates to avoid bans.\"}"
                    : "{\"code\":-1003,\"msg\":\"Too much request weight used; current limit is 6000 request weight per 1 MINUTE."
                            + " Please use WebSocket Streams for live updates to avoid polling the API.\"}";
            case KRAKEN -> "{\"error\":[\"EGeneral:Too many requests\"]}";
            case BITFINEX -> "[\"error\",11010,\"ratelimit: error\"]";
        };
        return RestAnswer.of(status, body).withHeader("Retry-After", Long.toString(retryAfterSeconds));
    }

    public static RestAnswer serverError(Exchange e, int status) {
        String body = switch (e) {
            case BINANCE -> "{\"code\":-1001,\"msg\":\"Internal error; unable to process your request. Please try again.\"}";
            case KRAKEN -> "{\"error\":[\"EService:Unavailable\"]}";
            case BITFINEX -> "[\"error\",20060,\"maintenance\"]";
        };
        return RestAnswer.of(status, body);
    }

    public static RestAnswer notFound(Exchange e, String what) {
        String body = switch (e) {
            case BINANCE -> "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}";
            case KRAKEN -> "{\"error\":[\"EQuery:Unknown asset pair\"]}";
            case BITFINEX -> "[\"error\",10020,\"symbol: invalid\"]";
        };
        return RestAnswer.of(e == Exchange.KRAKEN ? 200 : 400, body);
    }

    public static RestAnswer badParam(Exchange e, String message) {
        String m = message.replace("\"", "'");
        String body = switch (e) {
            case BINANCE -> "{\"code\":-1100,\"msg\":\"" + m + "\"}";
            case KRAKEN -> "{\"error\":[\"EGeneral:Invalid arguments:" + m + "\"]}";
            case BITFINEX -> "[\"error\",10020,\"" + m + "\"]";
        };
        return RestAnswer.of(e == Exchange.KRAKEN ? 200 : 400, body);
    }

    public static RestAnswer unknownPath(Exchange e, String path) {
        return RestAnswer.of(404, "{\"error\":\"the simulator has no " + e.id() + " endpoint " + path.replace("\"", "'") + "\"}");
    }
}
