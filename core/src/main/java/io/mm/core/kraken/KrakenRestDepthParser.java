package io.mm.core.kraken;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.mm.core.book.Side;
import io.mm.core.feed.DepthUpdate;
import io.mm.core.feed.Json;
import io.mm.core.num.NumberToken;
import java.io.IOException;

/**
 * Kraken's REST {@code GET /0/public/Depth?pair=..&count=..} body, used to resync a book out of band:
 * {@code {"error":[],"result":{"XXBTZUSD":{"asks":[["29430.3","8.252",1690731000],..],"bids":[..]}}}}.
 * Prices and volumes are strings with the pair's precision; the result is keyed by Kraken's own pair name,
 * so the first (only) entry is taken.
 */
public final class KrakenRestDepthParser {
    private final DepthUpdate depth = new DepthUpdate();
    private final NumberToken price = new NumberToken();
    private final NumberToken qty = new NumberToken();
    private String error;

    public DepthUpdate depth() {
        return depth;
    }

    /** Why the last parse failed (malformed body or Kraken's own error list). */
    public String error() {
        return error;
    }

    /** @return true when {@link #depth()} holds the snapshot */
    public boolean parse(String body, String symbol) {
        depth.clear();
        depth.snapshot = true;
        depth.symbol = symbol;
        error = null;
        try (JsonParser p = Json.FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return fail("Kraken Depth: expected a JSON object");
            }
            boolean haveBook = false;
            StringBuilder errors = new StringBuilder();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (name.equals("error") && t == JsonToken.START_ARRAY) {
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        errors.append(errors.length() > 0 ? "; " : "").append(p.getText());
                    }
                } else if (name.equals("result") && t == JsonToken.START_OBJECT) {
                    // keyed by Kraken's own pair name; further pairs, if any, are not ours
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        p.nextToken();
                        if (haveBook) {
                            p.skipChildren();
                            continue;
                        }
                        String bad = pair(p);
                        if (bad != null) {
                            return fail("Kraken Depth: " + bad);
                        }
                        haveBook = true;
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (errors.length() > 0) {
                return fail("Kraken error: " + errors);
            }
            if (!haveBook) {
                return fail("Kraken Depth: no book in 'result'");
            }
            return true;
        } catch (JsonProcessingException e) {
            return fail("Kraken Depth: " + Json.syntaxError(e));
        } catch (IOException e) {
            return fail("Kraken Depth: unreadable body: " + e.getMessage());
        }
    }

    private String pair(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            return "pair entry is " + Json.describe(p.currentToken());
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String side = p.currentName();
            JsonToken t = p.nextToken();
            if ((side.equals("bids") || side.equals("asks")) && t == JsonToken.START_ARRAY) {
                int i = 0;
                while ((t = p.nextToken()) == JsonToken.START_ARRAY) {
                    p.nextToken();
                    if (!Json.decimal(p, price)) {
                        return side + "[" + i + "] price: " + price.error;
                    }
                    p.nextToken();
                    if (!Json.decimal(p, qty)) {
                        return side + "[" + i + "] volume: " + qty.error;
                    }
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        p.skipChildren();
                    }
                    depth.addLevel(side.equals("bids") ? Side.BID : Side.ASK, price.unscaled, price.format, qty.unscaled, qty.format, 0);
                    i++;
                }
                if (t != JsonToken.END_ARRAY) {
                    return side + " entry is " + Json.describe(t);
                }
            } else {
                p.skipChildren();
            }
        }
        return null;
    }

    private boolean fail(String why) {
        error = why;
        return false;
    }
}
