package io.mm.core.kraken;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.mm.core.book.Side;
import io.mm.core.feed.ControlMessage;
import io.mm.core.feed.DepthUpdate;
import io.mm.core.feed.FrameKind;
import io.mm.core.feed.FrameParser;
import io.mm.core.feed.Interner;
import io.mm.core.feed.Json;
import io.mm.core.feed.Rfc3339;
import io.mm.core.feed.TradeBatch;
import io.mm.core.num.NumberToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Kraken Spot WebSocket v2: {@code book} snapshots and updates (numbers as sent, checksum, optional
 * timestamp), {@code trade}, {@code instrument}, {@code heartbeat}, {@code status}, method responses
 * (subscribe/unsubscribe acks and errors, pong). Field order does not matter.
 */
public final class KrakenParser implements FrameParser {
    private final JsonFactory json = Json.FRAMES;
    private final DepthUpdate depth = new DepthUpdate();
    private final TradeBatch trades = new TradeBatch();
    private final ControlMessage control = new ControlMessage();
    private final List<KrakenInstrument> instruments = new ArrayList<>();
    private final NumberToken price = new NumberToken();
    private final NumberToken qty = new NumberToken();
    private final Interner symbols = new Interner(64);

    private String error;
    private String symbol;

    private String channel;
    private String type;
    private String method;
    private int success; // -1 unset
    private int bookEntries;

    @Override
    public DepthUpdate depth() {
        return depth;
    }

    @Override
    public TradeBatch trades() {
        return trades;
    }

    @Override
    public ControlMessage control() {
        return control;
    }

    @Override
    public String error() {
        return error;
    }

    @Override
    public String symbol() {
        return symbol;
    }

    /** The pairs of the last {@link FrameKind#INSTRUMENT} frame. */
    public List<KrakenInstrument> instruments() {
        return instruments;
    }

    @Override
    public FrameKind parse(String frame) {
        error = null;
        symbol = null;
        depth.clear();
        trades.clear();
        control.clear();
        instruments.clear();
        channel = null;
        type = null;
        method = null;
        success = -1;
        bookEntries = 0;
        try (JsonParser p = json.createParser(frame)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return malformed("expected a JSON object, got " + Json.describe(p.currentToken()));
            }
            String bad = topLevel(p);
            if (bad != null) {
                return malformed(bad);
            }
            if (p.nextToken() != null) {
                return malformed("trailing data after the JSON object");
            }
            return classify();
        } catch (JsonProcessingException e) {
            return malformed(Json.syntaxError(e));
        } catch (IOException e) {
            return malformed("unreadable frame: " + e.getMessage());
        }
    }

    private String topLevel(JsonParser p) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            String bad = null;
            switch (name) {
                case "channel" -> channel = p.getValueAsString();
                case "type" -> type = p.getValueAsString();
                case "method" -> method = p.getValueAsString();
                case "success" -> success = t == JsonToken.VALUE_TRUE ? 1 : 0;
                case "error" -> control.message = p.getValueAsString();
                case "req_id" -> control.reqId = Json.longValue(p, ControlMessage.NONE);
                case "symbol" -> control.symbol = p.getValueAsString();
                case "result" -> {
                    if (t == JsonToken.START_OBJECT) {
                        result(p);
                    } else {
                        p.skipChildren();
                    }
                }
                case "data" -> {
                    if (t == JsonToken.START_ARRAY) {
                        bad = dataArray(p);
                    } else if (t == JsonToken.START_OBJECT) {
                        bad = instrumentData(p);
                    } else {
                        bad = "'data' is " + Json.describe(t);
                    }
                }
                default -> p.skipChildren();
            }
            if (bad == null && Json.unreadContainer(p)) {
                bad = "'" + name + "' is " + Json.describe(t);
            }
            if (bad != null) {
                return bad;
            }
        }
        return null;
    }

    private void result(JsonParser p) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "channel" -> control.channel = p.getValueAsString();
                case "symbol" -> control.symbol = t == JsonToken.VALUE_STRING ? p.getText() : null;
                case "depth" -> control.depth = (int) Json.longValue(p, 0);
                default -> { }
            }
            p.skipChildren(); // anything else, or a container where channel/symbol/depth belong
        }
    }

    /** The {@code data} array of book, trade or status messages; entries are parsed by their fields. */
    private String dataArray(JsonParser p) throws IOException {
        int index = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.START_OBJECT) {
                return "data[" + index + "] is " + Json.describe(t);
            }
            String bad = entry(p, index);
            if (bad != null) {
                return bad;
            }
            index++;
        }
        return null;
    }

    private String entry(JsonParser p, int index) throws IOException {
        boolean tradeFields = false;
        boolean bookFields = false;
        String entrySymbol = null;
        long tradeId = DepthUpdate.NONE;
        long ts = DepthUpdate.NONE;
        boolean hasPrice = false;
        boolean hasQty = false;
        int side = 0;
        byte ordType = TradeBatch.ORD_UNKNOWN;
        long checksum = DepthUpdate.NONE;
        int levelsBefore = depth.levels();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "symbol" -> {
                    if (t != JsonToken.VALUE_STRING) {
                        return "data[" + index + "].symbol is " + Json.describe(t);
                    }
                    entrySymbol = symbols.intern(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                }
                case "bids", "asks" -> {
                    bookFields = true;
                    if (t != JsonToken.START_ARRAY) {
                        return "data[" + index + "]." + name + " is " + Json.describe(t);
                    }
                    String bad = levels(p, name.equals("bids") ? Side.BID : Side.ASK, index, name);
                    if (bad != null) {
                        return bad;
                    }
                }
                case "checksum" -> {
                    bookFields = true;
                    if (t != JsonToken.VALUE_NUMBER_INT) {
                        return "data[" + index + "].checksum is " + Json.describe(t);
                    }
                    checksum = p.getLongValue();
                    if (checksum < 0 || checksum > 0xFFFF_FFFFL) {
                        return "data[" + index + "].checksum " + checksum + " is not an unsigned 32-bit integer";
                    }
                }
                case "timestamp" -> {
                    if (t == JsonToken.VALUE_STRING) {
                        ts = Rfc3339.toMicros(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                        if (ts == DepthUpdate.NONE) {
                            return "data[" + index + "].timestamp '" + p.getText() + "' is not RFC 3339";
                        }
                    }
                }
                case "price" -> {
                    tradeFields = true;
                    if (!Json.decimal(p, price)) {
                        return "data[" + index + "].price: " + price.error;
                    }
                    hasPrice = true;
                }
                case "qty" -> {
                    tradeFields = true;
                    if (!Json.decimal(p, qty)) {
                        return "data[" + index + "].qty: " + qty.error;
                    }
                    hasQty = true;
                }
                case "side" -> {
                    tradeFields = true;
                    String s = p.getValueAsString();
                    side = "buy".equals(s) ? 1 : "sell".equals(s) ? -1 : 0;
                    if (side == 0) {
                        return "data[" + index + "].side '" + s + "' is not buy/sell";
                    }
                }
                case "ord_type" -> {
                    String s = p.getValueAsString();
                    ordType = "market".equals(s) ? TradeBatch.ORD_MARKET : "limit".equals(s) ? TradeBatch.ORD_LIMIT : TradeBatch.ORD_UNKNOWN;
                }
                case "trade_id" -> {
                    tradeFields = true;
                    tradeId = Json.longValue(p, DepthUpdate.NONE);
                }
                case "system" -> control.status = p.getValueAsString();
                case "version", "api_version" -> {
                    if (control.message == null) {
                        control.message = p.getValueAsString();
                    } else {
                        p.skipChildren();
                    }
                }
                default -> p.skipChildren();
            }
            if (Json.unreadContainer(p)) {
                return "data[" + index + "]." + name + " is " + Json.describe(t);
            }
        }
        if (bookFields) {
            if (++bookEntries > 1) {
                return "book frame carries more than one data entry (one checksum per frame expected)";
            }
            if (entrySymbol == null) {
                return "data[" + index + "] has no symbol";
            }
            symbol = entrySymbol;
            depth.symbol = entrySymbol;
            depth.eventTimeUs = ts;
            if (checksum != DepthUpdate.NONE) {
                depth.hasChecksum = true;
                depth.checksum = checksum;
            }
            if (depth.levels() == levelsBefore && "update".equals(type) && checksum == DepthUpdate.NONE) {
                return "data[" + index + "] book update without levels or checksum";
            }
        } else if (tradeFields) {
            if (entrySymbol == null) {
                return "data[" + index + "] trade has no symbol";
            }
            if (symbol != null && !symbol.equals(entrySymbol)) {
                return "trade frame carries more than one symbol";
            }
            if (!hasPrice || !hasQty || side == 0 || tradeId == DepthUpdate.NONE) {
                return "data[" + index + "] trade without " + (!hasPrice ? "price" : !hasQty ? "qty" : side == 0 ? "side" : "trade_id");
            }
            if (ts == DepthUpdate.NONE) {
                return "data[" + index + "] trade without timestamp";
            }
            symbol = entrySymbol;
            trades.symbol = entrySymbol;
            trades.add(tradeId, ts, price.unscaled, price.format, qty.unscaled, qty.format, side > 0, ordType);
        }
        return null;
    }

    /** {@code [{"price":..,"qty":..}, ...]} into {@link #depth}. */
    private String levels(JsonParser p, Side side, int index, String field) throws IOException {
        int i = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.START_OBJECT) {
                return "data[" + index + "]." + field + "[" + i + "] is " + Json.describe(t);
            }
            boolean hp = false;
            boolean hq = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (name.equals("price")) {
                    if (!Json.decimal(p, price)) {
                        return "data[" + index + "]." + field + "[" + i + "].price: " + price.error;
                    }
                    hp = true;
                } else if (name.equals("qty")) {
                    if (!Json.decimal(p, qty)) {
                        return "data[" + index + "]." + field + "[" + i + "].qty: " + qty.error;
                    }
                    hq = true;
                } else {
                    p.skipChildren();
                }
            }
            if (!hp || !hq) {
                return "data[" + index + "]." + field + "[" + i + "] without " + (hp ? "qty" : "price");
            }
            if (price.unscaled < 0 || qty.unscaled < 0) {
                return "data[" + index + "]." + field + "[" + i + "] has a negative number";
            }
            depth.addLevel(side, price.unscaled, price.format, qty.unscaled, qty.format, 0);
            i++;
        }
        return null;
    }

    /** {@code instrument} data: {@code {"assets":[..],"pairs":[..]}}. */
    private String instrumentData(JsonParser p) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if (name.equals("pairs") && t == JsonToken.START_ARRAY) {
                while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
                    String s = null;
                    String status = null;
                    int pp = -1;
                    int qp = -1;
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String f = p.currentName();
                        p.nextToken();
                        switch (f) {
                            case "symbol" -> s = p.getValueAsString();
                            case "status" -> status = p.getValueAsString();
                            case "price_precision" -> pp = (int) Json.longValue(p, -1);
                            case "qty_precision" -> qp = (int) Json.longValue(p, -1);
                            default -> p.skipChildren();
                        }
                        if (Json.unreadContainer(p)) {
                            return "instrument pair field '" + f + "' is " + Json.describe(p.currentToken());
                        }
                    }
                    if (s == null || pp < 0 || qp < 0) {
                        return "instrument pair " + (s == null ? "without symbol" : s + " without price_precision/qty_precision");
                    }
                    instruments.add(new KrakenInstrument(s, pp, qp, status));
                }
                if (t != JsonToken.END_ARRAY) {
                    return "instrument pairs: unexpected " + Json.describe(t);
                }
            } else {
                p.skipChildren();
            }
        }
        return null;
    }

    private FrameKind classify() {
        if (method != null) {
            switch (method) {
                case "pong" -> {
                    return FrameKind.PONG;
                }
                case "subscribe", "unsubscribe" -> {
                    if (success == 1) {
                        symbol = control.symbol;
                        return method.equals("subscribe") ? FrameKind.SUBSCRIBED : FrameKind.UNSUBSCRIBED;
                    }
                    symbol = control.symbol;
                    error = "Kraken " + method + " failed: " + control.message;
                    return FrameKind.ERROR;
                }
                default -> {
                    if (success == 0) {
                        error = "Kraken " + method + " failed: " + control.message;
                        return FrameKind.ERROR;
                    }
                    return FrameKind.IGNORED;
                }
            }
        }
        if (channel == null) {
            if (success == 0 || control.message != null) {
                error = "Kraken error: " + control.message;
                return FrameKind.ERROR;
            }
            return malformed("neither 'channel' nor 'method'");
        }
        control.channel = channel;
        switch (channel) {
            case "heartbeat" -> {
                return FrameKind.HEARTBEAT;
            }
            case "status" -> {
                return FrameKind.STATUS;
            }
            case "book" -> {
                if (bookEntries == 0) {
                    return malformed("book frame without a data entry");
                }
                if ("snapshot".equals(type)) {
                    depth.snapshot = true;
                    return FrameKind.DEPTH_SNAPSHOT;
                }
                if ("update".equals(type)) {
                    return FrameKind.DEPTH_UPDATE;
                }
                return malformed("book frame of type '" + type + "'");
            }
            case "trade" -> {
                if (trades.size() == 0) {
                    return malformed("trade frame without trades");
                }
                trades.snapshot = "snapshot".equals(type);
                return FrameKind.TRADES;
            }
            case "instrument" -> {
                return FrameKind.INSTRUMENT;
            }
            default -> {
                return FrameKind.IGNORED;
            }
        }
    }

    private FrameKind malformed(String why) {
        error = why;
        return FrameKind.MALFORMED;
    }
}
