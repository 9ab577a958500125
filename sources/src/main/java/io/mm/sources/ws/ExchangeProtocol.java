package io.mm.sources.ws;

import io.mm.core.Exchange;
import io.mm.core.feed.FrameParser;
import io.mm.sources.binance.BinanceProtocol;
import io.mm.sources.bitfinex.BitfinexProtocol;
import io.mm.sources.kraken.KrakenProtocol;
import java.util.List;

/**
 * What one exchange connection says and how its frames are routed: the URL, the messages sent after the
 * socket opens, application pings, and for each received frame which symbol (or every symbol of the
 * connection) it belongs to. The only protocol state kept here is what routing needs (Bitfinex channel ids,
 * Kraken's instrument step); everything about books lives in the keyed operator.
 */
public interface ExchangeProtocol {

    /** Where routed frames and actions go. */
    interface Sink {
        void toSymbol(String symbol, String text);

        void toAll(String text);

        void send(String message);

        void pong();

        void reconnect(String reason);

        /**
         * The session should move to a new socket (the server will close this one): handed over without a loss where the
         * protocol allows it ({@link ExchangeProtocol#handoverIds}), else a reconnect.
         */
        default void rotate(String reason) {
            reconnect(reason);
        }

        /**
         * An instrument's precisions for one symbol ({@link io.mm.core.feed.RawFrame.Type#INSTRUMENT}): {@code details} is a
         * JSON object of {@code price_precision}, {@code qty_precision} and {@code status}.
         */
        void instrument(String symbol, String details);

        /** The connection's sequence numbers broke ({@link io.mm.core.feed.RawFrame.Type#SEQUENCE}): to one symbol, or every one when null. */
        void sequence(String symbol, String detail);
    }

    String url();

    /** Messages to send once the socket is open, in order. */
    List<String> openMessages();

    void onFrame(String text, Sink sink);

    /** An application-level ping to send, or null when protocol pings suffice. */
    String ping(long id);

    /**
     * A reader of this protocol's update and trade ids when they are the exchange's own and so the same on every
     * connection: then a new socket can take the session over without a resync ({@link SessionHandover}). Null when
     * they are not (a new subscription starts from a new snapshot).
     */
    default FrameParser handoverIds() {
        return null;
    }

    /** A fresh protocol for one connection attempt. */
    static ExchangeProtocol create(ConnectionSplit split, WebSocketSettings settings) {
        Exchange e = split.exchange();
        return switch (e) {
            case BINANCE -> new BinanceProtocol(settings.binanceWsUrl(), split.symbols());
            case KRAKEN -> new KrakenProtocol(settings.krakenWsUrl(), split.symbols(), settings.krakenDepth());
            case BITFINEX -> new BitfinexProtocol(settings.bitfinexWsUrl(), split.symbols(), settings.bitfinexLength());
        };
    }
}
