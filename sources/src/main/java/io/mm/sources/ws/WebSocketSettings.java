package io.mm.sources.ws;

import io.mm.core.window.TradingWindow;
import java.io.Serializable;

/**
 * The sources' settings: the original recorder's WebSocket settings, plus the base URLs.
 *
 * @param binanceWsUrl         {@code BINANCE_WS_URL}: {@code /stream?streams=...} is appended
 * @param krakenWsUrl          {@code KRAKEN_WS_URL}: the full endpoint
 * @param bitfinexWsUrl        {@code BITFINEX_WS_URL}: the full endpoint
 * @param pingIntervalS        {@code WS_PING_INTERVAL_S}: client pings (protocol, plus Kraken/Bitfinex app pings)
 * @param pingTimeoutS         {@code WS_PING_TIMEOUT_S}: an app pong later than this forces a reconnect
 * @param reconnectBackoffS    {@code WS_RECONNECT_BACKOFF_S}: first reconnect delay (doubles, with jitter)
 * @param reconnectBackoffMaxS {@code WS_RECONNECT_BACKOFF_MAX_S}: the cap
 * @param maxSessionS          {@code WS_MAX_SESSION_S}: reconnect before the exchange's session limit
 * @param openTimeoutS         {@code WS_OPEN_TIMEOUT_S}: handshake bound
 * @param noDataWarnS          {@code WS_NO_DATA_WARN_S}: silence that is reported as a stall (and reconnected)
 * @param insecureTls          {@code INSECURE_TLS=1}: accept any certificate (local debugging only)
 * @param queueCapacity        frames held between the socket threads and the reader
 * @param maxBufferWarn        {@code MAX_BUFFER_WARN}: queue depth that is logged as a warning
 * @param blockMillis          how long a socket thread waits for room before dropping a frame
 * @param krakenDepth          Kraken book depth to subscribe
 * @param bitfinexLength       Bitfinex book length to subscribe
 * @param clockSpec            the recorder clock (receive timestamps)
 * @param clockAnchorMillis    the driven clock's wall anchor
 * @param tradingWindow        {@code WINDOW_TZ,WINDOW_START_HHMM,WINDOW_END_HHMM,WINDOW_END_DAY_OFFSET}: which day's
 *                             symbol log a connection's lines go to
 */
public record WebSocketSettings(String binanceWsUrl, String krakenWsUrl, String bitfinexWsUrl, double pingIntervalS,
                               double pingTimeoutS, double reconnectBackoffS, double reconnectBackoffMaxS, double maxSessionS,
                               double openTimeoutS, double noDataWarnS, boolean insecureTls, int queueCapacity, int maxBufferWarn,
                               long blockMillis, int krakenDepth, int bitfinexLength, String clockSpec, long clockAnchorMillis,
                               String tradingWindow)
        implements Serializable {

    public static final String BINANCE_WS = "wss://stream.binance.com:9443";
    public static final String KRAKEN_WS = "wss://ws.kraken.com/v2";
    public static final String BITFINEX_WS = "wss://api-pub.bitfinex.com/ws/2";
    public static final String DEFAULT_WINDOW = TradingWindow.DEFAULT_TZ + ",00:00,00:15,1";

    public static WebSocketSettings defaults() {
        return new WebSocketSettings(BINANCE_WS, KRAKEN_WS, BITFINEX_WS, 20, 10, 1, 60, 23.5 * 3600, 10, 30, false, 20_000, 10_000,
                2_000, 10, 25, "system", System.currentTimeMillis(), DEFAULT_WINDOW);
    }

    public WebSocketSettings withUrls(String binance, String kraken, String bitfinex) {
        return new WebSocketSettings(binance, kraken, bitfinex, pingIntervalS, pingTimeoutS, reconnectBackoffS, reconnectBackoffMaxS,
                maxSessionS, openTimeoutS, noDataWarnS, insecureTls, queueCapacity, maxBufferWarn, blockMillis, krakenDepth,
                bitfinexLength, clockSpec, clockAnchorMillis, tradingWindow);
    }

    public WebSocketSettings withTimings(double pingInterval, double pingTimeout, double backoff, double backoffMax, double maxSession,
                                        double openTimeout, double noDataWarn) {
        return new WebSocketSettings(binanceWsUrl, krakenWsUrl, bitfinexWsUrl, pingInterval, pingTimeout, backoff, backoffMax,
                maxSession, openTimeout, noDataWarn, insecureTls, queueCapacity, maxBufferWarn, blockMillis, krakenDepth,
                bitfinexLength, clockSpec, clockAnchorMillis, tradingWindow);
    }

    public WebSocketSettings withQueue(int capacity, int warn, long blockMillis) {
        return new WebSocketSettings(binanceWsUrl, krakenWsUrl, bitfinexWsUrl, pingIntervalS, pingTimeoutS, reconnectBackoffS,
                reconnectBackoffMaxS, maxSessionS, openTimeoutS, noDataWarnS, insecureTls, capacity, warn, blockMillis, krakenDepth,
                bitfinexLength, clockSpec, clockAnchorMillis, tradingWindow);
    }

    public WebSocketSettings withBooks(int krakenDepth, int bitfinexLength) {
        return new WebSocketSettings(binanceWsUrl, krakenWsUrl, bitfinexWsUrl, pingIntervalS, pingTimeoutS, reconnectBackoffS,
                reconnectBackoffMaxS, maxSessionS, openTimeoutS, noDataWarnS, insecureTls, queueCapacity, maxBufferWarn, blockMillis,
                krakenDepth, bitfinexLength, clockSpec, clockAnchorMillis, tradingWindow);
    }

    public WebSocketSettings withTls(boolean insecure) {
        return new WebSocketSettings(binanceWsUrl, krakenWsUrl, bitfinexWsUrl, pingIntervalS, pingTimeoutS, reconnectBackoffS,
                reconnectBackoffMaxS, maxSessionS, openTimeoutS, noDataWarnS, insecure, queueCapacity, maxBufferWarn, blockMillis,
                krakenDepth, bitfinexLength, clockSpec, clockAnchorMillis, tradingWindow);
    }

    public WebSocketSettings withClock(String spec, long anchorMillis) {
        return new WebSocketSettings(binanceWsUrl, krakenWsUrl, bitfinexWsUrl, pingIntervalS, pingTimeoutS, reconnectBackoffS,
                reconnectBackoffMaxS, maxSessionS, openTimeoutS, noDataWarnS, insecureTls, queueCapacity, maxBufferWarn, blockMillis,
                krakenDepth, bitfinexLength, spec, anchorMillis, tradingWindow);
    }

    public WebSocketSettings withWindow(String tz, String startHhmm, String endHhmm, String endDayOffset) {
        return new WebSocketSettings(binanceWsUrl, krakenWsUrl, bitfinexWsUrl, pingIntervalS, pingTimeoutS, reconnectBackoffS,
                reconnectBackoffMaxS, maxSessionS, openTimeoutS, noDataWarnS, insecureTls, queueCapacity, maxBufferWarn, blockMillis,
                krakenDepth, bitfinexLength, clockSpec, clockAnchorMillis, String.join(",", tz, startHhmm, endHhmm, endDayOffset));
    }

    /** The trading window of {@link #tradingWindow()}. */
    public TradingWindow window() {
        String[] w = tradingWindow.split(",", -1);
        return TradingWindow.parse(w[0], w[1], w[2], w[3]);
    }
}
