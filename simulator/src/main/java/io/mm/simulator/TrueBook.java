package io.mm.simulator;

import io.mm.core.Exchange;
import java.math.BigDecimal;
import java.util.List;

/**
 * A symbol's true book at one moment, as the simulator's market holds it, best levels first: what a client's
 * rebuilt book must equal once it has read everything sent before that moment.
 *
 * @param updateId the market's last update id (Binance's {@code lastUpdateId})
 */
public record TrueBook(Exchange exchange, String symbol, long updateId, List<Level> bids, List<Level> asks) {

    /** A level: price and quantity as decimals (compare with {@code compareTo}), and its order count. */
    public record Level(BigDecimal price, BigDecimal qty, int count) {}

    public String toJson() {
        StringBuilder sb = new StringBuilder(256).append("{\"exchange\":\"").append(exchange.id()).append("\",\"symbol\":\"").append(symbol)
                .append("\",\"update_id\":").append(updateId).append(",\"bids\":[");
        side(sb, bids);
        sb.append("],\"asks\":[");
        side(sb, asks);
        return sb.append("]}").toString();
    }

    private static void side(StringBuilder sb, List<Level> levels) {
        for (int i = 0; i < levels.size(); i++) {
            Level l = levels.get(i);
            sb.append(i == 0 ? "[\"" : ",[\"").append(l.price.toPlainString()).append("\",\"").append(l.qty.toPlainString()).append("\",")
                    .append(l.count).append(']');
        }
    }
}
