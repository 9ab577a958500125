package io.mm.api.relay;

import io.mm.api.catalog.ApiException;
import io.mm.api.catalog.DataCatalog;
import io.mm.api.server.ApiSettings;
import io.mm.api.server.Query;
import io.mm.api.server.Route;
import io.mm.core.Exchange;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code /ws?exchange=..&symbol=..} (repeated, or {@code symbols=a,b}; each may be {@code exchange:SYMBOL}; {@code raw=1} adds
 * the exchange frames).
 */
public final class RelayRoute implements Route {
    private final Relay relay;
    private final ApiSettings settings;

    public RelayRoute(Relay relay, ApiSettings settings) {
        this.relay = relay;
        this.settings = settings;
    }

    @Override
    public boolean matches(String path) {
        return path.equals("/ws");
    }

    @Override
    public boolean websocket() {
        return true;
    }

    @Override
    public Session upgrade(Query q) throws ApiException {
        List<DataCatalog.Entry> entries = resolve(relay.catalog(), q, settings.maxSymbols());
        boolean raw = q.flag("raw");
        List<String> keys = new ArrayList<>();
        for (DataCatalog.Entry e : entries) {
            keys.add(e.key());
        }
        return new Session() {
            private Subscriber sub;

            @Override
            public void opened(Channel ch) {
                sub = new Subscriber(ch, keys, raw);
                relay.subscribe(sub);
            }

            @Override
            public void closed(Channel ch) {
                if (sub != null) {
                    relay.unsubscribe(sub);
                }
            }
        };
    }

    /**
     * The symbols a request names, each checked against the catalog (listed again when a new one's directory is there): an item
     * {@code exchange:SYMBOL} is of that exchange, a bare one of the {@code exchange} parameter's (a Bitfinex pair such as
     * {@code tTESTBTC:TESTUSD} is bare: its part before the colon names no exchange).
     */
    public static List<DataCatalog.Entry> resolve(DataCatalog catalog, Query q, int maxSymbols) throws ApiException {
        String given = q.one("exchange");
        Exchange bare = given == null ? null : exchange(catalog, given);
        List<String> names = q.many("symbol", "symbols");
        if (names.isEmpty()) {
            if (bare == null) {
                exchange(catalog, null); // says the exchange is required, as a request with neither always has
            }
            throw new ApiException(400, "symbol is required (symbol=BTCUSDT, repeated, or symbols=BTCUSDT,ETHUSDT)");
        }
        if (names.size() > maxSymbols) {
            throw new ApiException(400, names.size() + " symbols in one request: at most " + maxSymbols);
        }
        Set<DataCatalog.Entry> out = new LinkedHashSet<>();
        for (String n : names) {
            int colon = n.indexOf(':');
            Exchange own = colon > 0 ? Exchange.find(n.substring(0, colon)) : null;
            if (own == null && bare == null) {
                throw new ApiException(400, "exchange is required for '" + Query.clip(n)
                        + "' (exchange=binance, kraken or bitfinex, or the symbol as exchange:SYMBOL)");
            }
            Exchange e = own == null ? bare : exchange(catalog, own.id());
            String symbol = own == null ? n : n.substring(colon + 1);
            try {
                out.add(catalog.resolve(e, symbol));
            } catch (ApiException x) {
                if (x.status() != 404) {
                    throw x;
                }
                catalog.refreshFor(e, symbol);
                out.add(catalog.resolve(e, symbol));
            }
        }
        return new ArrayList<>(out);
    }

    /** The exchange a request names, checked against the catalog (listed again when nothing of it was known and it is there now). */
    private static Exchange exchange(DataCatalog catalog, String raw) throws ApiException {
        try {
            return catalog.exchange(raw);
        } catch (ApiException x) {
            if (x.status() != 404) {
                throw x;
            }
            catalog.refreshFor(raw);
            return catalog.exchange(raw);
        }
    }
}
