package io.mm.operators.book;

import com.fasterxml.jackson.databind.JsonNode;
import io.mm.core.feed.ControlMessage;
import io.mm.core.feed.RawFrame;

/**
 * Typed lifecycle inputs ({@link RawFrame.Type#SUBSCRIBED}, {@link RawFrame.Type#INSTRUMENT},
 * {@link RawFrame.Type#GRANTED_FLAGS}: a replay's from the ledger rows' own details, Kraken's instruments also from the live
 * source) turned into the calls the recorder makes from the exchange's messages they stand for. The live path and the
 * replay differ only in where these calls come from.
 */
final class RecordedInputs {
    /** What the exchange said about a symbol's subscription, instrument and connection. */
    interface Lifecycle {
        /** A subscription acknowledged; {@code depth} 0 and {@code chanId} {@link ControlMessage#NONE} where not said. */
        void subscribed(long now, String channel, int depth, long chanId);

        /** The instrument's precisions; {@code status} null where not known. */
        void instrument(long now, int pricePrecision, int qtyPrecision, String status);

        /** The server's answer to the flags asked for; {@code flags} {@link ControlMessage#NONE} where not said. */
        void conf(long now, long flags, String status);
    }

    private RecordedInputs() {
    }

    /**
     * Takes one recorded input: the channel id of a book subscription goes to the kit (its frames name the channel only),
     * the rest to {@code to}. Returns null, or what makes the input unreadable.
     */
    static String take(RawFrame f, long now, ExchangeKit kit, String symbol, Lifecycle to) {
        JsonNode d;
        try {
            d = Details.JSON.readTree(f.text());
        } catch (java.io.IOException e) {
            return f.type() + " input unreadable: " + Details.clip(f.text(), 200);
        }
        if (d == null || !d.isObject()) {
            return f.type() + " input is not a JSON object: " + Details.clip(f.text(), 200);
        }
        switch (f.type()) {
            case SUBSCRIBED -> {
                long chanId = d.hasNonNull("chan_id") ? d.get("chan_id").asLong() : ControlMessage.NONE;
                kit.subscribedBook(chanId, symbol);
                to.subscribed(now, d.path("channel").asText(), d.path("depth").asInt(0), chanId);
            }
            case INSTRUMENT -> to.instrument(now, d.path("price_precision").asInt(), d.path("qty_precision").asInt(), text(d, "status"));
            case GRANTED_FLAGS -> to.conf(now, d.hasNonNull("flags") ? d.get("flags").asLong() : ControlMessage.NONE, text(d, "status"));
            default -> throw new IllegalArgumentException("not a recorded lifecycle input: " + f.type());
        }
        return null;
    }

    private static String text(JsonNode d, String field) {
        return d.hasNonNull(field) ? d.get(field).asText() : null;
    }
}
