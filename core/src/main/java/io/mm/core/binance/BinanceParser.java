package io.mm.core.binance;

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
import io.mm.core.feed.TradeBatch;
import io.mm.core.num.NumberToken;
import java.io.IOException;

/**
 * Binance Spot market streams: combined ({@code {"stream":..,"data":{..}}}) and raw frames of
 * {@code depthUpdate} and {@code trade}; subscribe acks and errors; {@code serverShutdown}; and the REST
 * {@code /api/v3/depth} body. Other streams (bookTicker, kline, aggTrade) are {@link FrameKind#IGNORED}.
 * Field order does not matter; numbers keep the text Binance sent.
 */
public final class BinanceParser implements FrameParser {
    private final JsonFactory json = Json.FRAMES;
    private final DepthUpdate depth = new DepthUpdate();
    private final TradeBatch trades = new TradeBatch();
    private final ControlMessage control = new ControlMessage();
    private final NumberToken num = new NumberToken();
    private final NumberToken num2 = new NumberToken();
    private final Interner symbols = new Interner(64);
    private final DepthUpdateScanner scanner = new DepthUpdateScanner();
    private final long timeUnitToMicros;
    /** Off only in tests that compare the fast path with the general one. */
    boolean fastPath = true;

    private String error;
    private String symbol;

    // fields of the event being parsed; order-independent, validated at the end
    private String eventType;
    private String stream;
    private long eventTime;
    private long firstId;
    private long lastId;
    private long tradeId;
    private long tradeTime;
    private int buyerMaker; // -1 unset, 0 false, 1 true
    private boolean hasPrice;
    private boolean hasQty;
    private boolean hasLevels;
    private boolean hasResult;
    private boolean hasId;

    /** Parser for millisecond stream times (the default). */
    public BinanceParser() {
        this(false);
    }

    /** @param microsecondTimes true when the stream URL asked for {@code timeUnit=MICROSECOND} */
    public BinanceParser(boolean microsecondTimes) {
        this.timeUnitToMicros = microsecondTimes ? 1 : 1000;
    }

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

    @Override
    public FrameKind parse(String frame) {
        reset();
        if (fastPath && scanner.scan(frame, depth, symbols)) {
            eventType = "depthUpdate";
            hasLevels = true;
            symbol = scanner.symbol;
            eventTime = scanner.eventTime;
            firstId = scanner.firstId;
            lastId = scanner.lastId;
            return classify();
        }
        if (fastPath) {
            reset(); // the scanner gave up, perhaps after adding levels
        }
        try (JsonParser p = json.createParser(frame)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return malformed("expected a JSON object, got " + Json.describe(p.currentToken()));
            }
            String bad = fields(p, true);
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

    /**
     * Parses a REST {@code GET /api/v3/depth} body into {@link #depth()} as a snapshot of {@code symbol}.
     */
    public FrameKind parseRestSnapshot(String body, String symbol) {
        reset();
        depth.snapshot = true;
        depth.symbol = symbol;
        this.symbol = symbol;
        try (JsonParser p = json.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return malformed("depth snapshot: expected a JSON object, got " + Json.describe(p.currentToken()));
            }
            boolean haveBids = false;
            boolean haveAsks = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "lastUpdateId" -> {
                        if (t != JsonToken.VALUE_NUMBER_INT) {
                            return malformed("depth snapshot: 'lastUpdateId' is not an integer");
                        }
                        depth.lastUpdateId = p.getLongValue();
                    }
                    case "bids", "asks" -> {
                        String bad = levels(p, name.equals("bids") ? Side.BID : Side.ASK, name);
                        if (bad != null) {
                            return malformed("depth snapshot: " + bad);
                        }
                        if (name.equals("bids")) {
                            haveBids = true;
                        } else {
                            haveAsks = true;
                        }
                    }
                    case "code", "msg" -> {
                        if (name.equals("code")) {
                            control.code = Json.longValue(p, ControlMessage.NONE);
                        } else {
                            control.message = p.getValueAsString();
                        }
                    }
                    default -> p.skipChildren();
                }
                if (Json.unreadContainer(p)) {
                    return malformed("depth snapshot: '" + name + "' is " + Json.describe(t));
                }
            }
            if (control.code != ControlMessage.NONE) {
                error = "Binance error " + control.code + ": " + control.message;
                return FrameKind.ERROR;
            }
            if (depth.lastUpdateId == DepthUpdate.NONE) {
                return malformed("depth snapshot: missing 'lastUpdateId'");
            }
            if (!haveBids || !haveAsks) {
                return malformed("depth snapshot: missing '" + (haveBids ? "asks" : "bids") + "'");
            }
            return FrameKind.DEPTH_SNAPSHOT;
        } catch (JsonProcessingException e) {
            return malformed("depth snapshot: " + Json.syntaxError(e));
        } catch (IOException e) {
            return malformed("depth snapshot: unreadable body: " + e.getMessage());
        }
    }

    private void reset() {
        error = null;
        symbol = null;
        depth.clear();
        trades.clear();
        control.clear();
        eventType = null;
        stream = null;
        eventTime = DepthUpdate.NONE;
        firstId = DepthUpdate.NONE;
        lastId = DepthUpdate.NONE;
        tradeId = DepthUpdate.NONE;
        tradeTime = DepthUpdate.NONE;
        buyerMaker = -1;
        hasPrice = false;
        hasQty = false;
        hasLevels = false;
        hasResult = false;
        hasId = false;
    }

    /** Reads the fields of an object (the top level or a combined stream's {@code data}); null when fine. */
    private String fields(JsonParser p, boolean topLevel) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            String bad = null;
            switch (name) {
                case "stream" -> {
                    if (topLevel && t == JsonToken.VALUE_STRING) {
                        stream = p.getText();
                    }
                }
                case "data" -> {
                    if (!topLevel || t != JsonToken.START_OBJECT) {
                        bad = "'data' is not an object";
                    } else {
                        bad = fields(p, false);
                    }
                }
                case "e" -> eventType = p.getValueAsString();
                case "E" -> eventTime = Json.longValue(p, DepthUpdate.NONE);
                case "s" -> {
                    if (t == JsonToken.VALUE_STRING) {
                        symbol = symbols.intern(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                    }
                }
                case "U" -> firstId = Json.longValue(p, DepthUpdate.NONE);
                case "u" -> lastId = Json.longValue(p, DepthUpdate.NONE);
                case "b", "a" -> {
                    if (t == JsonToken.START_ARRAY) {
                        hasLevels = true;
                        bad = levels(p, name.equals("b") ? Side.BID : Side.ASK, name);
                    }
                    // bookTicker sends b/a as strings: not a depth update, classified later
                }
                case "t" -> tradeId = Json.longValue(p, DepthUpdate.NONE);
                case "T" -> tradeTime = Json.longValue(p, DepthUpdate.NONE);
                case "p" -> {
                    if (!Json.decimal(p, num)) {
                        bad = "field 'p': " + num.error;
                    }
                    hasPrice = true;
                }
                case "q" -> {
                    if (!Json.decimal(p, num2)) {
                        bad = "field 'q': " + num2.error;
                    }
                    hasQty = true;
                }
                case "m" -> {
                    if (t == JsonToken.VALUE_TRUE) {
                        buyerMaker = 1;
                    } else if (t == JsonToken.VALUE_FALSE) {
                        buyerMaker = 0;
                    }
                }
                case "result" -> {
                    hasResult = true;
                    p.skipChildren();
                }
                case "id" -> {
                    hasId = true;
                    control.reqId = Json.longValue(p, ControlMessage.NONE);
                }
                case "error" -> {
                    if (t == JsonToken.START_OBJECT) {
                        errorObject(p);
                    } else {
                        control.message = p.getValueAsString();
                    }
                    eventType = "__error";
                }
                case "code" -> {
                    control.code = Json.longValue(p, ControlMessage.NONE);
                    if (topLevel) {
                        eventType = eventType == null ? "__error" : eventType;
                    }
                }
                case "msg" -> control.message = p.getValueAsString();
                default -> p.skipChildren();
            }
            if (bad == null && Json.unreadContainer(p)) {
                bad = "field '" + name + "' is " + Json.describe(t);
            }
            if (bad != null) {
                return bad;
            }
        }
        return null;
    }

    private void errorObject(JsonParser p) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            if (name.equals("code")) {
                control.code = Json.longValue(p, ControlMessage.NONE);
            } else if (name.equals("msg")) {
                control.message = p.getValueAsString();
            }
            p.skipChildren(); // anything else, or a container where code/msg belong
        }
    }

    /** Reads {@code [[price, qty], ...]} into {@link #depth}. */
    private String levels(JsonParser p, Side side, String field) throws IOException {
        int index = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.START_ARRAY) {
                return "'" + field + "'[" + index + "] is not a [price, qty] pair";
            }
            p.nextToken();
            if (!Json.decimal(p, num)) {
                return "'" + field + "'[" + index + "] price: " + num.error;
            }
            p.nextToken();
            if (!Json.decimal(p, num2)) {
                return "'" + field + "'[" + index + "] qty: " + num2.error;
            }
            if (num.unscaled < 0 || num2.unscaled < 0) {
                return "'" + field + "'[" + index + "] has a negative number";
            }
            depth.addLevel(side, num.unscaled, num.format, num2.unscaled, num2.format, 0);
            // Binance may append fields to a level one day: skip them
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    return "unterminated level in '" + field + "'";
                }
                p.skipChildren();
            }
            index++;
        }
        return null;
    }

    private FrameKind classify() {
        if (!fitsMicros(eventTime)) {
            return malformed("'E' " + eventTime + " is out of range");
        }
        if (!fitsMicros(tradeTime)) {
            return malformed("'T' " + tradeTime + " is out of range");
        }
        if (eventType == null) {
            if (hasResult && hasId) {
                return FrameKind.SUBSCRIBED;
            }
            if (stream != null && (stream.contains("@bookTicker") || stream.contains("@ticker") || stream.contains("@miniTicker"))) {
                return FrameKind.IGNORED;
            }
            if (symbol != null && !hasLevels && lastId != DepthUpdate.NONE) {
                return FrameKind.IGNORED; // raw bookTicker: {"u":..,"s":..,"b":"..","B":..}
            }
            return malformed("no event type 'e' in a market data frame");
        }
        switch (eventType) {
            case "depthUpdate" -> {
                if (symbol == null) {
                    return malformed("depthUpdate without 's'");
                }
                if (firstId == DepthUpdate.NONE || lastId == DepthUpdate.NONE) {
                    return malformed("depthUpdate " + symbol + " without 'U'/'u'");
                }
                if (firstId > lastId) {
                    return malformed("depthUpdate " + symbol + " has U " + firstId + " > u " + lastId);
                }
                if (!hasLevels) {
                    return malformed("depthUpdate " + symbol + " without 'b'/'a'");
                }
                depth.symbol = symbol;
                depth.firstUpdateId = firstId;
                depth.lastUpdateId = lastId;
                depth.eventTimeUs = eventTime == DepthUpdate.NONE ? DepthUpdate.NONE : eventTime * timeUnitToMicros;
                return FrameKind.DEPTH_UPDATE;
            }
            case "trade" -> {
                if (symbol == null) {
                    return malformed("trade without 's'");
                }
                if (tradeId == DepthUpdate.NONE || !hasPrice || !hasQty || buyerMaker < 0) {
                    return malformed("trade " + symbol + " without " + (tradeId == DepthUpdate.NONE ? "'t'" : !hasPrice ? "'p'" : !hasQty ? "'q'" : "'m'"));
                }
                trades.symbol = symbol;
                trades.eventTimeUs = eventTime == DepthUpdate.NONE ? DepthUpdate.NONE : eventTime * timeUnitToMicros;
                long tt = tradeTime == DepthUpdate.NONE ? trades.eventTimeUs : tradeTime * timeUnitToMicros;
                // m = buyer is the maker, so the aggressor sold
                trades.add(tradeId, tt, num.unscaled, num.format, num2.unscaled, num2.format, buyerMaker == 0, TradeBatch.ORD_UNKNOWN);
                return FrameKind.TRADES;
            }
            case "serverShutdown" -> {
                control.eventTimeUs = eventTime == DepthUpdate.NONE ? DepthUpdate.NONE : eventTime * timeUnitToMicros;
                control.message = "serverShutdown";
                return FrameKind.SERVER_SHUTDOWN;
            }
            case "__error" -> {
                error = "Binance error " + (control.code == ControlMessage.NONE ? "" : control.code + ": ") + control.message;
                return FrameKind.ERROR;
            }
            default -> {
                return FrameKind.IGNORED;
            }
        }
    }

    /** A stream time converts to microseconds without overflow (an absurd value would become a wrong time). */
    private boolean fitsMicros(long t) {
        return t == DepthUpdate.NONE || (t <= Long.MAX_VALUE / timeUnitToMicros && t >= -Long.MAX_VALUE / timeUnitToMicros);
    }

    private FrameKind malformed(String why) {
        error = why;
        return FrameKind.MALFORMED;
    }
}
