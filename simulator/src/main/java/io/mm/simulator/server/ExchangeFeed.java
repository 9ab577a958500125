package io.mm.simulator.server;

import io.mm.core.Exchange;
import io.mm.simulator.market.MarketHub;
import io.netty.channel.Channel;

/**
 * One exchange's wire protocol over the shared markets. Every method runs on the market thread.
 */
public interface ExchangeFeed extends MarketHub.Listener {
    Exchange exchange();

    /** Is this path (below the exchange prefix, without the query) a WebSocket endpoint? */
    boolean isWebSocket(String path);

    /** A client connected at {@code pathAndQuery}: its session, after sending what the exchange sends on connect. */
    WsSession open(Channel channel, String pathAndQuery);

    void onText(WsSession session, String text);

    void onClosed(WsSession session);

    /** A REST request below the exchange prefix. */
    RestAnswer rest(String pathAndQuery);
}
