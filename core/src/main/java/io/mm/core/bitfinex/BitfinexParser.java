package io.mm.core.bitfinex;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.mm.core.book.Side;
import io.mm.core.feed.ControlMessage;
import io.mm.core.feed.DepthUpdate;
import io.mm.core.feed.FrameKind;
import io.mm.core.feed.FrameParser;
import io.mm.core.feed.Json;
import io.mm.core.feed.TradeBatch;
import io.mm.core.num.NumberText;
import io.mm.core.num.NumberToken;
import java.io.IOException;

/**
 * Bitfinex WebSocket v2, one connection's worth of protocol state: the channel ids learned from
 * {@code subscribed} events and the {@code conf} flags that decide which trailing fields (SEQ, MTS) follow
 * channel data. Handles {@code info}/{@code subscribed}/{@code unsubscribed}/{@code error}/{@code conf}/
 * {@code pong} events, book snapshots and updates ({@code [PRICE, COUNT, AMOUNT]}, count 0 deletes, the
 * side from the amount's sign), {@code cs} checksum frames, {@code hb}, trade snapshots and
 * {@code te}/{@code tu}. Numbers keep their wire text (exponent forms included) for the checksum.
 *
 * <p>Over 500 lines: every message shape of one connection is read in a single streaming pass against the same channel
 * table and flags, so the shapes stay together rather than re-walking the tokens in parts.
 */
public final class BitfinexParser implements FrameParser {
    /** conf flag: append a millisecond timestamp to channel data. */
    public static final long FLAG_TIMESTAMP = 32768;
    /** conf flag: append a per-connection sequence number. */
    public static final long FLAG_SEQ_ALL = 65536;
    /** conf flag: send a {@code cs} checksum frame after every book change. */
    public static final long FLAG_CHECKSUM = 131072;
    /** The flags the recorder asks for. */
    public static final long RECORDER_FLAGS = FLAG_TIMESTAMP | FLAG_SEQ_ALL | FLAG_CHECKSUM;

    public static final String BOOK = "book";
    public static final String TRADES = "trades";

    private final JsonFactory json = Json.FRAMES;
    private final DepthUpdate depth = new DepthUpdate();
    private final TradeBatch trades = new TradeBatch();
    private final ControlMessage control = new ControlMessage();
    private final NumberToken price = new NumberToken();
    private final NumberToken amount = new NumberToken();

    // channel table: a connection has at most a few dozen channels, a linear scan beats hashing
    private long[] chanIds = new long[8];
    private String[] chanChannel = new String[8];
    private String[] chanSymbol = new String[8];
    private int channels;
    /** -1 until a conf ack says which flags are on. */
    private long flags = -1;

    private String error;
    private String symbol;

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

    /**
     * The flags a {@code conf} answer (just parsed) granted: its {@code flags} when its status is OK, none otherwise.
     * With {@link #FLAG_CHECKSUM} a checksum proves each book; without it nothing does.
     */
    public long grantedFlags() {
        return "OK".equalsIgnoreCase(control.status) && control.flags != ControlMessage.NONE ? control.flags : 0;
    }

    /** Forgets channel ids and flags, as a new connection must. */
    public void resetConnection() {
        channels = 0;
        flags = -1;
    }

    /** Declares the flags in force (for replaying data whose {@code conf} frame is not at hand). */
    public void setFlags(long flags) {
        this.flags = flags;
    }

    public long flags() {
        return flags;
    }

    /** The channel id a channel frame ({@code [chanId, ...]}) starts with, or -1 for any other text. */
    public static long leadingChannelId(String text) {
        if (!text.startsWith("[") || text.length() < 2 || !Character.isDigit(text.charAt(1))) {
            return -1;
        }
        int end = 1;
        while (end < text.length() && Character.isDigit(text.charAt(end))) {
            end++;
        }
        return Long.parseLong(text.substring(1, end));
    }

    /** Registers a channel as a {@code subscribed} event would (for replay and for routing). */
    public void registerChannel(long chanId, String channel, String symbol) {
        for (int i = 0; i < channels; i++) {
            if (chanIds[i] == chanId) {
                chanChannel[i] = channel;
                chanSymbol[i] = symbol;
                return;
            }
        }
        if (channels == chanIds.length) {
            chanIds = java.util.Arrays.copyOf(chanIds, channels * 2);
            chanChannel = java.util.Arrays.copyOf(chanChannel, channels * 2);
            chanSymbol = java.util.Arrays.copyOf(chanSymbol, channels * 2);
        }
        chanIds[channels] = chanId;
        chanChannel[channels] = channel;
        chanSymbol[channels] = symbol;
        channels++;
    }

    /** The symbol subscribed on a channel id, or null. */
    public String symbolOf(long chanId) {
        int i = indexOf(chanId);
        return i < 0 ? null : chanSymbol[i];
    }

    public String channelOf(long chanId) {
        int i = indexOf(chanId);
        return i < 0 ? null : chanChannel[i];
    }

    private int indexOf(long chanId) {
        for (int i = 0; i < channels; i++) {
            if (chanIds[i] == chanId) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public FrameKind parse(String frame) {
        error = null;
        symbol = null;
        depth.clear();
        trades.clear();
        control.clear();
        try (JsonParser p = json.createParser(frame)) {
            JsonToken t = p.nextToken();
            FrameKind kind;
            if (t == JsonToken.START_OBJECT) {
                kind = event(p);
            } else if (t == JsonToken.START_ARRAY) {
                kind = channelData(p);
            } else {
                return malformed("expected a JSON object or array, got " + Json.describe(t));
            }
            if (kind != FrameKind.MALFORMED && p.nextToken() != null) {
                return malformed("trailing data after the JSON value");
            }
            // the connection's protocol state changes only for a frame accepted as a whole
            if (kind == FrameKind.SUBSCRIBED) {
                registerChannel(control.chanId, control.channel, control.symbol);
            } else if (kind == FrameKind.CONF && control.flags != ControlMessage.NONE && !"FAILED".equalsIgnoreCase(control.status)) {
                flags = control.flags;
            }
            return kind;
        } catch (JsonProcessingException e) {
            return malformed(Json.syntaxError(e));
        } catch (IOException e) {
            return malformed("unreadable frame: " + e.getMessage());
        }
    }

    private FrameKind event(JsonParser p) throws IOException {
        String event = null;
        String pair = null;
        String len = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "event" -> event = p.getValueAsString();
                case "channel" -> control.channel = p.getValueAsString();
                case "chanId" -> control.chanId = Json.longValue(p, ControlMessage.NONE);
                case "symbol" -> control.symbol = p.getValueAsString();
                case "pair" -> pair = p.getValueAsString();
                case "len" -> len = p.getValueAsString();
                case "code" -> control.code = Json.longValue(p, ControlMessage.NONE);
                case "msg" -> control.message = p.getValueAsString();
                case "status" -> control.status = p.getValueAsString();
                case "flags" -> control.flags = Json.longValue(p, ControlMessage.NONE);
                case "cid" -> control.reqId = Json.longValue(p, ControlMessage.NONE);
                case "platform" -> {
                    if (t == JsonToken.START_OBJECT) {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String f = p.currentName();
                            p.nextToken();
                            if (f.equals("status")) {
                                control.status = p.getValueAsString();
                            }
                            p.skipChildren(); // anything else, or a container where status belongs
                        }
                    } else {
                        p.skipChildren();
                    }
                }
                default -> p.skipChildren();
            }
            if (Json.unreadContainer(p)) {
                return malformed("'" + name + "' is " + Json.describe(t));
            }
        }
        if (event == null) {
            return malformed("object without 'event'");
        }
        switch (event) {
            case "info" -> {
                return FrameKind.INFO;
            }
            case "subscribed" -> {
                if (control.chanId == ControlMessage.NONE || control.channel == null) {
                    return malformed("subscribed event without chanId/channel");
                }
                if (control.symbol == null && pair != null) {
                    control.symbol = "t" + pair;
                }
                if (control.symbol == null) {
                    return malformed("subscribed event without symbol");
                }
                if (len != null) {
                    try {
                        control.depth = Integer.parseInt(len);
                    } catch (NumberFormatException e) {
                        return malformed("subscribed event with len '" + len + "'");
                    }
                }
                symbol = control.symbol;
                return FrameKind.SUBSCRIBED;
            }
            case "unsubscribed" -> {
                symbol = symbolOf(control.chanId);
                control.symbol = symbol;
                return FrameKind.UNSUBSCRIBED;
            }
            case "conf" -> {
                return FrameKind.CONF;
            }
            case "pong" -> {
                return FrameKind.PONG;
            }
            case "error" -> {
                symbol = control.symbol;
                error = "Bitfinex error " + (control.code == ControlMessage.NONE ? "" : control.code + ": ") + control.message;
                return FrameKind.ERROR;
            }
            default -> {
                return FrameKind.IGNORED;
            }
        }
    }

    private FrameKind channelData(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t != JsonToken.VALUE_NUMBER_INT) {
            return malformed("channel frame does not start with a channel id");
        }
        long chanId = p.getLongValue();
        control.chanId = chanId;
        int ci = indexOf(chanId);
        String channel = ci < 0 ? null : chanChannel[ci];
        symbol = ci < 0 ? null : chanSymbol[ci];
        control.channel = channel;
        control.symbol = symbol;
        t = p.nextToken();
        FrameKind kind;
        if (t == JsonToken.VALUE_STRING) {
            String tag = p.getText();
            switch (tag) {
                case "hb" -> kind = FrameKind.HEARTBEAT;
                case "cs" -> {
                    if (p.nextToken() != JsonToken.VALUE_NUMBER_INT) {
                        return malformed("cs frame without an integer checksum");
                    }
                    long cs = p.getLongValue();
                    if (cs < Integer.MIN_VALUE || cs > Integer.MAX_VALUE) {
                        return malformed("cs checksum " + cs + " is not a signed 32-bit integer");
                    }
                    if (ci < 0) {
                        return malformed("cs frame for unknown channel " + chanId);
                    }
                    depth.symbol = symbol;
                    depth.hasChecksum = true;
                    depth.checksum = cs;
                    kind = FrameKind.CHECKSUM;
                }
                case "te", "tu" -> {
                    if (ci < 0) {
                        return malformed(tag + " frame for unknown channel " + chanId);
                    }
                    if (p.nextToken() != JsonToken.START_ARRAY) {
                        return malformed(tag + " frame without a trade array");
                    }
                    String bad = trade(p);
                    if (bad != null) {
                        return malformed(tag + ": " + bad);
                    }
                    trades.confirmation = tag.equals("tu");
                    kind = FrameKind.TRADES;
                }
                default -> {
                    // funding trades (fte/ftu) and future tags: not ours
                    p.skipChildren();
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        if (p.currentToken() == null) {
                            return malformed("unterminated frame");
                        }
                        p.skipChildren();
                    }
                    return FrameKind.IGNORED;
                }
            }
        } else if (t == JsonToken.START_ARRAY) {
            if (ci < 0) {
                return malformed("data for unknown channel " + chanId + " (no subscribed event seen)");
            }
            if (BOOK.equals(channel)) {
                String bad = book(p);
                if (bad != null) {
                    return malformed("book " + symbol + ": " + bad);
                }
                kind = depth.snapshot ? FrameKind.DEPTH_SNAPSHOT : FrameKind.DEPTH_UPDATE;
            } else if (TRADES.equals(channel)) {
                String bad = tradeSnapshot(p);
                if (bad != null) {
                    return malformed("trades " + symbol + ": " + bad);
                }
                kind = FrameKind.TRADES;
            } else {
                p.skipChildren();
                kind = FrameKind.IGNORED;
            }
        } else {
            return malformed("unexpected " + Json.describe(t) + " after the channel id");
        }
        String bad = trailer(p);
        if (bad != null) {
            return malformed(bad);
        }
        return kind;
    }

    /** Optional SEQ and MTS after the data, as the conf flags say. */
    private String trailer(JsonParser p) throws IOException {
        long first = DepthUpdate.NONE;
        long second = DepthUpdate.NONE;
        int n = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                return "unterminated frame";
            }
            if (t == JsonToken.VALUE_NUMBER_INT) {
                if (n == 0) {
                    first = p.getLongValue();
                } else if (n == 1) {
                    second = p.getLongValue();
                }
            } else {
                p.skipChildren();
            }
            n++;
        }
        long seq = DepthUpdate.NONE;
        long mts = DepthUpdate.NONE;
        if (flags >= 0) {
            boolean hasSeq = (flags & FLAG_SEQ_ALL) != 0;
            boolean hasTs = (flags & FLAG_TIMESTAMP) != 0;
            if (hasSeq) {
                seq = first;
                mts = hasTs ? second : DepthUpdate.NONE;
            } else if (hasTs) {
                mts = first;
            }
        } else if (n >= 2) {
            seq = first;
            mts = second;
        } else if (n == 1) {
            // no conf ack seen: a millisecond timestamp is at least 1e11, a sequence number is not
            if (first > 100_000_000_000L) {
                mts = first;
            } else {
                seq = first;
            }
        }
        if (!fitsMicros(mts)) {
            return "MTS " + mts + " is out of range";
        }
        long mtsUs = mts == DepthUpdate.NONE ? DepthUpdate.NONE : mts * 1000;
        depth.sequence = seq;
        trades.sequence = seq;
        control.eventTimeUs = mtsUs;
        if (depth.eventTimeUs == DepthUpdate.NONE) {
            depth.eventTimeUs = mtsUs;
        }
        trades.eventTimeUs = mtsUs;
        return null;
    }

    /** After {@code [chanId, [}: either a snapshot (array of levels) or one level. */
    private String book(JsonParser p) throws IOException {
        depth.symbol = symbol;
        JsonToken t = p.nextToken();
        if (t == JsonToken.START_ARRAY) {
            depth.snapshot = true;
            int i = 0;
            do {
                String bad = level(p, i);
                if (bad != null) {
                    return bad;
                }
                i++;
            } while ((t = p.nextToken()) == JsonToken.START_ARRAY);
            if (t != JsonToken.END_ARRAY) {
                return "snapshot level " + i + " is " + Json.describe(t);
            }
            return null;
        }
        if (t == JsonToken.END_ARRAY) {
            depth.snapshot = true; // an empty book
            return null;
        }
        return levelFields(p, 0);
    }

    /** At a level's START_ARRAY. */
    private String level(JsonParser p, int i) throws IOException {
        p.nextToken();
        return levelFields(p, i);
    }

    /** At a level's first element; consumes through its END_ARRAY. */
    private String levelFields(JsonParser p, int i) throws IOException {
        if (!Json.decimal(p, price)) {
            return "level " + i + " price: " + price.error;
        }
        if (p.nextToken() != JsonToken.VALUE_NUMBER_INT) {
            return "level " + i + " count is " + Json.describe(p.currentToken());
        }
        long count = p.getLongValue();
        p.nextToken();
        if (!Json.decimal(p, amount)) {
            return "level " + i + " amount: " + amount.error;
        }
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                return "unterminated level " + i;
            }
            p.skipChildren(); // fields may be appended
        }
        if (amount.unscaled == 0) {
            return "level " + i + " has amount 0 (no side)";
        }
        if (count < 0 || count > Integer.MAX_VALUE) {
            return "level " + i + " has count " + count;
        }
        Side side = amount.unscaled > 0 ? Side.BID : Side.ASK;
        if (count == 0) {
            depth.addLevel(side, price.unscaled, price.format, 0, 0, 0);
        } else {
            depth.addLevel(side, price.unscaled, price.format, Math.abs(amount.unscaled), NumberText.withoutSign(amount.format), (int) count);
        }
        return null;
    }

    /** After {@code [chanId, [}: a snapshot of trades {@code [[ID, MTS, AMOUNT, PRICE], ...]}. */
    private String tradeSnapshot(JsonParser p) throws IOException {
        trades.symbol = symbol;
        trades.snapshot = true;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.START_ARRAY) {
            String bad = trade(p);
            if (bad != null) {
                return bad;
            }
        }
        if (t != JsonToken.END_ARRAY) {
            return "trade snapshot entry is " + Json.describe(t);
        }
        return null;
    }

    /** At a trade's START_ARRAY; consumes through its END_ARRAY. */
    private String trade(JsonParser p) throws IOException {
        trades.symbol = symbol;
        if (p.nextToken() != JsonToken.VALUE_NUMBER_INT) {
            return "trade ID is " + Json.describe(p.currentToken());
        }
        long id = p.getLongValue();
        if (p.nextToken() != JsonToken.VALUE_NUMBER_INT) {
            return "trade MTS is " + Json.describe(p.currentToken());
        }
        long mts = p.getLongValue();
        p.nextToken();
        if (!Json.decimal(p, amount)) {
            return "trade amount: " + amount.error;
        }
        p.nextToken();
        if (!Json.decimal(p, price)) {
            return "trade price: " + price.error;
        }
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                return "unterminated trade";
            }
            p.skipChildren();
        }
        if (amount.unscaled == 0) {
            return "trade " + id + " has amount 0";
        }
        if (!fitsMicros(mts)) {
            return "trade " + id + " MTS " + mts + " is out of range";
        }
        trades.add(id, mts * 1000, price.unscaled, price.format, Math.abs(amount.unscaled), NumberText.withoutSign(amount.format),
                amount.unscaled > 0, TradeBatch.ORD_UNKNOWN);
        return null;
    }

    /** A millisecond time converts to microseconds without overflow (an absurd value would become a wrong time). */
    private static boolean fitsMicros(long ms) {
        return ms == DepthUpdate.NONE || (ms <= Long.MAX_VALUE / 1000 && ms >= -Long.MAX_VALUE / 1000);
    }

    private FrameKind malformed(String why) {
        error = why;
        return FrameKind.MALFORMED;
    }
}
