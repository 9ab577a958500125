package io.mm.core.bitfinex;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.mm.core.book.Side;
import io.mm.core.feed.DepthUpdate;
import io.mm.core.feed.Json;
import io.mm.core.num.NumberText;
import io.mm.core.num.NumberToken;
import java.io.IOException;

/**
 * Bitfinex's REST {@code GET /v2/book/<symbol>/P0?len=..} body, used to resync a book out of band:
 * {@code [[PRICE, COUNT, AMOUNT], ..]}, bids with positive and asks with negative amounts; numbers keep the
 * text the server wrote, as the checksum needs. An error is {@code ["error", CODE, "message"]}.
 */
public final class BitfinexRestBookParser {
    private final DepthUpdate depth = new DepthUpdate();
    private final NumberToken price = new NumberToken();
    private final NumberToken amount = new NumberToken();
    private String error;

    public DepthUpdate depth() {
        return depth;
    }

    public String error() {
        return error;
    }

    public boolean parse(String body, String symbol) {
        depth.clear();
        depth.snapshot = true;
        depth.symbol = symbol;
        error = null;
        try (JsonParser p = Json.FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                return fail("Bitfinex book: expected a JSON array");
            }
            JsonToken t = p.nextToken();
            if (t == JsonToken.VALUE_STRING && "error".equals(p.getText())) {
                StringBuilder sb = new StringBuilder("Bitfinex error");
                while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
                    sb.append(' ').append(p.getText());
                }
                return fail(sb.toString());
            }
            int i = 0;
            while (t == JsonToken.START_ARRAY) {
                p.nextToken();
                if (!Json.decimal(p, price)) {
                    return fail("Bitfinex book level " + i + " price: " + price.error);
                }
                if (p.nextToken() != JsonToken.VALUE_NUMBER_INT) {
                    return fail("Bitfinex book level " + i + " count is " + Json.describe(p.currentToken()));
                }
                long count = p.getLongValue();
                p.nextToken();
                if (!Json.decimal(p, amount)) {
                    return fail("Bitfinex book level " + i + " amount: " + amount.error);
                }
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    p.skipChildren();
                }
                if (amount.unscaled == 0 || count <= 0 || count > Integer.MAX_VALUE) {
                    return fail("Bitfinex book level " + i + " has count " + count + " and amount 0 or a bad count");
                }
                depth.addLevel(amount.unscaled > 0 ? Side.BID : Side.ASK, price.unscaled, price.format, Math.abs(amount.unscaled),
                        NumberText.withoutSign(amount.format), (int) count);
                i++;
                t = p.nextToken();
            }
            if (t != JsonToken.END_ARRAY) {
                return fail("Bitfinex book: level " + i + " is " + Json.describe(t));
            }
            return true;
        } catch (JsonProcessingException e) {
            return fail("Bitfinex book: " + Json.syntaxError(e));
        } catch (IOException e) {
            return fail("Bitfinex book: unreadable body: " + e.getMessage());
        }
    }

    private boolean fail(String why) {
        error = why;
        return false;
    }
}
