package io.mm.sources.bitfinex;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.mm.core.bitfinex.BitfinexParser;
import io.mm.core.bitfinex.BitfinexSequence;
import io.mm.core.feed.Json;
import io.mm.sources.ws.ExchangeProtocol;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bitfinex WS v2: {@code conf} with the checksum, sequence and timestamp flags, then {@code book} (P0, F0,
 * configured length) and {@code trades} per symbol (25 channels per connection: at most 12 symbols). Channel
 * data is routed by the channel id from the {@code subscribed} events; heartbeats go no further, also for
 * channels whose {@code subscribed} has not arrived yet (seen on real connections). Info 20051 (server
 * restart) and 20061 (maintenance over: resubscribe everything) reconnect.
 *
 * <p>The connection's sequence number is checked here, the one place that sees every message of the connection
 * in order (heartbeats included): a hole is reported to every symbol, a late or repeated message to its
 * channel's symbol, and neither a repeat nor a late book message is forwarded (a late trade is: trades are
 * de-duplicated by id). Without granted checksums nothing else can prove a book, so a break of the books'
 * stream reconnects, and the books start again from fresh snapshots.
 */
public final class BitfinexProtocol implements ExchangeProtocol {
    public static final int MAX_SYMBOLS_PER_CONNECTION = 12;
    private static final Logger LOG = LoggerFactory.getLogger(BitfinexProtocol.class);

    /** A subscribed channel. */
    private record Channel(String symbol, boolean book) {}

    private final String url;
    private final List<String> symbols;
    private final Set<String> known;
    private final int length;
    private final Map<Long, Channel> channels = new HashMap<>();
    private final BitfinexSequence sequence = new BitfinexSequence();
    /** The flags the server's conf answer granted; -1 until it answers. */
    private long granted = -1;
    /** Why the frame being handled ends the connection (after it was forwarded), or null. */
    private String mustReconnect;

    public BitfinexProtocol(String url, List<String> symbols, int length) {
        this.url = url;
        this.symbols = List.copyOf(symbols);
        this.known = new HashSet<>(symbols);
        this.length = length;
    }

    @Override
    public String url() {
        return url;
    }

    @Override
    public List<String> openMessages() {
        List<String> m = new ArrayList<>();
        m.add("{\"event\":\"conf\",\"flags\":" + BitfinexParser.RECORDER_FLAGS + "}");
        for (String s : symbols) {
            m.add("{\"event\":\"subscribe\",\"channel\":\"book\",\"symbol\":\"" + s + "\",\"prec\":\"P0\",\"freq\":\"F0\",\"len\":\""
                    + length + "\"}");
            m.add("{\"event\":\"subscribe\",\"channel\":\"trades\",\"symbol\":\"" + s + "\"}");
        }
        return m;
    }

    @Override
    public String ping(long id) {
        return "{\"event\":\"ping\",\"cid\":" + id + "}";
    }

    @Override
    public void onFrame(String text, Sink sink) {
        if (text.startsWith("[")) {
            int end = 1;
            while (end < text.length() && Character.isDigit(text.charAt(end))) {
                end++;
            }
            if (end == 1) {
                sink.toAll(text);
                return;
            }
            Channel channel = channels.get(Long.parseLong(text.substring(1, end)));
            String reconnect = null;
            if (inSequence(text, channel, sink)) {
                reconnect = mustReconnect;
                if (channel != null && !text.startsWith(",\"hb\"", end)) {
                    sink.toSymbol(channel.symbol, text);
                }
                // heartbeats, and data for a channel we did not subscribe (or no longer have), go no further
            } else {
                reconnect = mustReconnect;
            }
            if (reconnect != null) {
                mustReconnect = null;
                sink.reconnect(reconnect);
            }
            return;
        }
        String event = null;
        String symbol = null;
        String status = null;
        long chanId = -1;
        long code = -1;
        long flags = -1;
        try (JsonParser p = Json.FACTORY.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                sink.toAll(text);
                return;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "event" -> event = p.getValueAsString();
                    case "symbol" -> symbol = p.getValueAsString();
                    case "pair" -> symbol = symbol == null ? "t" + p.getValueAsString() : symbol;
                    case "chanId" -> chanId = p.getValueAsLong(-1);
                    case "code" -> code = p.getValueAsLong(-1);
                    case "flags" -> flags = p.getValueAsLong(-1);
                    case "status" -> status = p.getValueAsString();
                    default -> p.skipChildren();
                }
            }
        } catch (IOException e) {
            sink.toAll(text);
            return;
        }
        if (event == null) {
            sink.toAll(text);
            return;
        }
        switch (event) {
            case "pong" -> sink.pong();
            case "subscribed" -> {
                if (symbol != null && known.contains(symbol)) {
                    channels.put(chanId, new Channel(symbol, BitfinexParser.BOOK.equals(channelName(text))));
                    sink.toSymbol(symbol, text);
                }
            }
            case "unsubscribed" -> {
                Channel c = channels.remove(chanId);
                if (c != null) {
                    sink.toSymbol(c.symbol, text);
                }
            }
            case "conf" -> {
                granted = "OK".equalsIgnoreCase(status) && flags >= 0 ? flags : 0;
                sayWhatWasGranted();
                sink.toAll(text); // every symbol's parser needs the flags
            }
            case "info" -> {
                sink.toAll(text);
                if (code == 20051) {
                    sink.reconnect("Bitfinex info 20051: server restart");
                } else if (code == 20061) {
                    sink.reconnect("Bitfinex info 20061: maintenance ended, resubscribing");
                }
            }
            case "error" -> {
                if (symbol != null && known.contains(symbol)) {
                    sink.toSymbol(symbol, text);
                } else {
                    sink.toAll(text);
                }
            }
            default -> sink.toAll(text);
        }
    }

    private static String channelName(String subscribed) {
        return subscribed.contains("\"channel\":\"book\"") ? BitfinexParser.BOOK : BitfinexParser.TRADES;
    }

    /**
     * Checks the frame's sequence number (when granted); false when the frame must not be forwarded (a repeat, or
     * a book message that comes after its successors were applied).
     */
    private boolean inSequence(String text, Channel channel, Sink sink) {
        if (granted < 0 || (granted & BitfinexParser.FLAG_SEQ_ALL) == 0) {
            return true;
        }
        long seq = BitfinexSequence.sequenceOf(text, granted);
        if (seq == BitfinexSequence.NONE) {
            return true; // malformed: the operator's parser says so
        }
        BitfinexSequence.Verdict v = sequence.check(seq);
        if (v == BitfinexSequence.Verdict.IN_ORDER) {
            return true;
        }
        boolean checksums = (granted & BitfinexParser.FLAG_CHECKSUM) != 0;
        if (v == BitfinexSequence.Verdict.HOLE) {
            sink.sequence(null, "{\"issue\":\"hole\",\"expected\":" + sequence.expected() + ",\"got\":" + sequence.got() + "}");
            if (!checksums) {
                mustReconnect = "sequence hole (expected " + sequence.expected() + ", got " + sequence.got()
                        + ") and no checksums granted: the books must start again from snapshots";
            }
            return true;
        }
        boolean book = channel == null || channel.book;
        boolean forward = v == BitfinexSequence.Verdict.LATE && !book;
        sink.sequence(channel == null ? null : channel.symbol, "{\"issue\":\"" + (v == BitfinexSequence.Verdict.LATE ? "late" : "duplicate")
                + "\",\"expected\":" + sequence.expected() + ",\"got\":" + sequence.got() + ",\"channel\":\""
                + (channel == null ? "unknown" : channel.book ? BitfinexParser.BOOK : BitfinexParser.TRADES) + "\",\"dropped\":" + !forward + "}");
        if (v == BitfinexSequence.Verdict.LATE && book && !checksums && channel != null) {
            mustReconnect = "a book message arrived late (sequence " + sequence.got() + " after " + (sequence.expected() - 1)
                    + ") and no checksums granted: the books must start again from snapshots";
        }
        return forward;
    }

    /** What the server's conf answer means for the recording, said once per connection. */
    private void sayWhatWasGranted() {
        boolean checksums = (granted & BitfinexParser.FLAG_CHECKSUM) != 0;
        boolean seq = (granted & BitfinexParser.FLAG_SEQ_ALL) != 0;
        if (checksums && seq) {
            return;
        }
        String what = "Bitfinex granted flags " + granted + " of " + BitfinexParser.RECORDER_FLAGS + " asked for " + symbols;
        if (!checksums && !seq) {
            LOG.error("{}: neither checksums nor sequence numbers: lost messages cannot be detected", what);
        } else if (!checksums) {
            LOG.warn("{}: no checksums: the books are unproven, kept by sequence continuity", what);
        } else {
            LOG.warn("{}: no sequence numbers: a lost trades message cannot be detected", what);
        }
    }
}
