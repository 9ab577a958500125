package io.mm.simulator;

import io.mm.core.Exchange;
import java.util.Map;

/**
 * What a simulator has done so far.
 *
 * @param steps     market steps of every symbol since start
 * @param lagTicks  ticks where the market thread fell behind the configured rate
 * @param exchanges per exchange: open and total connections, messages and characters sent, REST requests refused
 *                  as rate limited (429) and as from a banned IP (418)
 */
public record SimulatorStats(long steps, double rate, boolean paused, long lagTicks, Map<Exchange, PerExchange> exchanges) {

    public record PerExchange(int symbols, int openConnections, long connections, long messages, long chars, long restRateLimited,
                              long restBanned) {}

    public long messages() {
        return exchanges.values().stream().mapToLong(PerExchange::messages).sum();
    }

    public String toJson() {
        StringBuilder sb = new StringBuilder("{\"steps\":").append(steps).append(",\"rate\":").append(rate).append(",\"paused\":").append(paused)
                .append(",\"lag_ticks\":").append(lagTicks).append(",\"messages\":").append(messages()).append(",\"exchanges\":{");
        int i = 0;
        for (Map.Entry<Exchange, PerExchange> e : exchanges.entrySet()) {
            PerExchange p = e.getValue();
            sb.append(i++ == 0 ? "\"" : ",\"").append(e.getKey().id()).append("\":{\"symbols\":").append(p.symbols)
                    .append(",\"open_connections\":").append(p.openConnections).append(",\"connections\":").append(p.connections)
                    .append(",\"messages\":").append(p.messages).append(",\"chars\":").append(p.chars)
                    .append(",\"rest_429\":").append(p.restRateLimited).append(",\"rest_418\":").append(p.restBanned).append('}');
        }
        return sb.append("}}").toString();
    }
}
