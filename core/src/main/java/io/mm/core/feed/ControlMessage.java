package io.mm.core.feed;

/** Fields of control frames (acks, errors, info, status), reusable; unset fields are null or {@link #NONE}. */
public final class ControlMessage {
    public static final long NONE = Long.MIN_VALUE;

    public String channel;
    public String symbol;
    /** Bitfinex channel id. */
    public long chanId = NONE;
    /** Exchange code (Bitfinex info/error code, Binance error code). */
    public long code = NONE;
    public String message;
    public long reqId = NONE;
    /** Bitfinex {@code conf} flags. */
    public long flags = NONE;
    /** Kraken {@code status.system}, Bitfinex {@code platform.status}, an ack's status. */
    public String status;
    /** Kraken book depth from the subscribe ack, Bitfinex {@code len}. */
    public int depth;
    public long eventTimeUs = NONE;

    public void clear() {
        channel = null;
        symbol = null;
        chanId = NONE;
        code = NONE;
        message = null;
        reqId = NONE;
        flags = NONE;
        status = null;
        depth = 0;
        eventTimeUs = NONE;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        if (channel != null) sb.append("channel=").append(channel).append(' ');
        if (symbol != null) sb.append("symbol=").append(symbol).append(' ');
        if (chanId != NONE) sb.append("chanId=").append(chanId).append(' ');
        if (code != NONE) sb.append("code=").append(code).append(' ');
        if (message != null) sb.append("message=").append(message).append(' ');
        if (status != null) sb.append("status=").append(status).append(' ');
        if (flags != NONE) sb.append("flags=").append(flags).append(' ');
        if (depth != 0) sb.append("depth=").append(depth).append(' ');
        return sb.append('}').toString();
    }
}
