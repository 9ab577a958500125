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

/** {@code /ws?exchange=..&symbol=..} (repeated, or {@code symbols=a,b}; {@code raw=1} adds the exchange frames). */
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

    /** The symbols a request names, each checked against the catalog (listing it again once for a new one). */
    public static List<DataCatalog.Entry> resolve(DataCatalog catalog, Query q, int maxSymbols) throws ApiException {
        Exchange e;
        try {
            e = catalog.exchange(q.one("exchange"));
        } catch (ApiException x) {
            if (x.status() != 404) {
                throw x;
            }
            catalog.refresh();
            e = catalog.exchange(q.one("exchange"));
        }
        List<String> names = q.many("symbol", "symbols");
        if (names.isEmpty()) {
            throw new ApiException(400, "symbol is required (symbol=BTCUSDT, repeated, or symbols=BTCUSDT,ETHUSDT)");
        }
        if (names.size() > maxSymbols) {
            throw new ApiException(400, names.size() + " symbols in one request: at most " + maxSymbols);
        }
        Set<DataCatalog.Entry> out = new LinkedHashSet<>();
        for (String n : names) {
            try {
                out.add(catalog.resolve(e, n));
            } catch (ApiException x) {
                if (x.status() != 404) {
                    throw x;
                }
                catalog.refresh();
                out.add(catalog.resolve(e, n));
            }
        }
        return new ArrayList<>(out);
    }
}
