package io.mm.api.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mm.api.book.BookView;
import io.mm.api.catalog.ApiException;
import io.mm.api.catalog.DataCatalog;
import io.mm.api.relay.Relay;
import io.mm.api.relay.RelayRoute;
import io.mm.api.server.Query;
import io.mm.api.server.Route;
import io.mm.core.book.LocalOrderBook;
import io.mm.core.book.Side;
import io.mm.core.contract.NumberStyle;
import io.mm.core.feed.DepthUpdate;
import io.mm.core.sync.SyncState;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * {@code GET /book?exchange=&symbol=&depth=} (the relay's live book, top N), {@code GET /symbols} (what is recorded
 * and live) and {@code GET /health} (per symbol: state, seconds since the last live line).
 */
public final class RestRoutes implements Route {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A live symbol silent for longer than this is reported as such by /health. */
    static final long SILENT_AFTER_MS = 60_000;
    /**
     * A silent symbol is quiet, not degraded, while its ledger gets rows newer than its newest line, the last this
     * recently: the recorder runs (a heartbeat row every HEARTBEAT_SEC, 60 s by default, committed with the next
     * checkpoint) and the market has not moved. A recorder that died leaves no row after its last line.
     */
    static final long QUIET_LEDGER_MS = 150_000;
    /**
     * How much newer than the newest line a row must be to show the recorder outlived its market's last move: rows are
     * stamped when processed, lines when received, so a recorder that died leaves rows up to its processing lag after
     * its last line (milliseconds), never a second.
     */
    static final long QUIET_ROW_AFTER_MS = 1_000;

    private final Relay relay;
    private final LongSupplier wallMillis;
    private final int maxSymbols;

    /** {@code maxSymbols}: what one relay or metrics request may name, told by /symbols so that a page stays within it. */
    public RestRoutes(Relay relay, LongSupplier wallMillis, int maxSymbols) {
        this.relay = relay;
        this.wallMillis = wallMillis;
        this.maxSymbols = maxSymbols;
    }

    @Override
    public boolean matches(String path) {
        return path.equals("/book") || path.equals("/symbols") || path.equals("/health");
    }

    @Override
    public CompletableFuture<Answer> get(Query q) throws ApiException {
        return switch (q.path()) {
            case "/book" -> book(q);
            case "/symbols" -> relay.call(v -> symbols(v.all()));
            default -> relay.call(v -> health(v.all()));
        };
    }

    private CompletableFuture<Answer> book(Query q) throws ApiException {
        List<DataCatalog.Entry> es = RelayRoute.resolve(relay.catalog(), q, 1);
        int depth = q.integer("depth", 20, 1, 5000);
        DataCatalog.Entry e = es.get(0);
        return relay.call(v -> {
            Relay.SymbolState st = v.symbol(e);
            ObjectNode o = JSON.createObjectNode();
            o.put("exchange", e.exchange().id());
            o.put("symbol", e.name());
            o.put("symbol_fs", e.symbolFs());
            o.put("state", st.state());
            o.put("epoch", st.epoch());
            BookView b = st.book();
            if (b == null) {
                o.put("synced", false);
                o.put("reason", st.reason());
                return Answer.json(503, o.toString());
            }
            o.put("synced", true);
            o.put("recv_seq", b.recvSeq());
            o.put("recv_ts_us", b.recvTsUs());
            o.put("age_ms", Math.max(0, wallMillis.getAsLong() - b.recvTsUs() / 1000));
            if (st.windowClosedAtUs() > 0) {
                o.put("window_closed_at_us", st.windowClosedAtUs());
            }
            if (b.eventTsUs() != DepthUpdate.NONE) {
                o.put("event_ts_us", b.eventTsUs());
            }
            if (b.lastUpdateId() != DepthUpdate.NONE) {
                o.put("last_update_id", b.lastUpdateId());
            }
            if (b.checksum() != DepthUpdate.NONE) {
                o.put("checksum", b.checksum());
            }
            o.put("depth", depth);
            o.set("bids", levels(b.book(), Side.BID, b.style(), depth));
            o.set("asks", levels(b.book(), Side.ASK, b.style(), depth));
            return Answer.json(200, o.toString());
        });
    }

    private static ArrayNode levels(LocalOrderBook book, Side side, NumberStyle style, int depth) {
        ArrayNode a = JSON.createArrayNode();
        byte[] buf = new byte[64];
        int n = Math.min(depth, book.depth(side));
        for (int i = 0; i < n; i++) {
            ArrayNode l = a.addArray();
            int len = style.writePrice(book.price(side, i), book.priceScale(), book.priceFormat(side, i), buf, 0);
            l.add(new String(buf, 0, len, java.nio.charset.StandardCharsets.US_ASCII));
            len = style.writeQty(book.qty(side, i), book.qtyScale(), book.qtyFormat(side, i), buf, 0);
            l.add(new String(buf, 0, len, java.nio.charset.StandardCharsets.US_ASCII));
        }
        return a;
    }

    private Answer symbols(List<Relay.SymbolState> tracked) {
        ObjectNode o = JSON.createObjectNode();
        o.put("max_symbols_per_request", maxSymbols);
        ArrayNode a = o.putArray("symbols");
        Map<String, Relay.SymbolState> byKey = new HashMap<>();
        for (Relay.SymbolState st : tracked) {
            byKey.put(st.entry().key(), st);
        }
        for (DataCatalog.Entry e : relay.catalog().all()) {
            ObjectNode s = a.addObject();
            s.put("exchange", e.exchange().id());
            s.put("symbol", e.name());
            s.put("symbol_fs", e.symbolFs());
            s.put("newest_day", e.newestDay() == 0 ? null : Integer.toString(e.newestDay()));
            s.put("live", e.live());
            Relay.SymbolState st = byKey.get(e.key());
            if (st != null) {
                s.put("state", st.state());
                s.put("synced", st.book() != null);
            }
        }
        return Answer.json(200, o.toString());
    }

    private Answer health(List<Relay.SymbolState> tracked) {
        long now = wallMillis.getAsLong();
        ObjectNode o = JSON.createObjectNode();
        ArrayNode a = JSON.createArrayNode();
        boolean ok = true;
        for (Relay.SymbolState st : tracked) {
            ObjectNode s = a.addObject();
            s.put("exchange", st.entry().exchange().id());
            s.put("symbol", st.entry().name());
            s.put("symbol_fs", st.entry().symbolFs());
            s.put("state", st.state());
            s.put("epoch", st.epoch());
            boolean windowClosed = st.windowClosedAtUs() > 0;
            s.put("window_closed", windowClosed);
            if (st.lastLineAtMillis() > 0) {
                long sinceLine = now - st.lastLineAtMillis();
                long sinceRecv = now - st.lastRecvTsUs() / 1000;
                s.put("seconds_since_last_line", Math.round(sinceLine / 100.0) / 10.0);
                s.put("seconds_since_last_recv", Math.round(sinceRecv / 100.0) / 10.0);
                // a line read just now can be old (serve started over a stopped recorder): the receive time says
                boolean silent = Math.max(sinceLine, sinceRecv) > SILENT_AFTER_MS;
                s.put("silent", silent);
                long rowTsUs = st.lastLedgerRowTsUs();
                if (rowTsUs > 0) {
                    s.put("seconds_since_last_ledger_row", Math.round((now - rowTsUs / 1000) / 100.0) / 10.0);
                }
                boolean quiet = silent && rowTsUs > st.lastRecvTsUs() + QUIET_ROW_AFTER_MS * 1000 && now - rowTsUs / 1000 <= QUIET_LEDGER_MS;
                s.put("quiet", quiet);
                ok &= !silent || quiet || windowClosed;
            } else {
                s.putNull("seconds_since_last_line");
            }
            if (st.book() == null) {
                // a symbol without live files is listed because a client asked for it: nothing of the service's is failing
                ok &= st.state().equals(Relay.NOT_LIVE);
                s.put("reason", st.reason());
            } else if (st.state().equals(SyncState.STOPPED.name())) {
                ok = false;
                s.put("reason", "the recorder stopped: its ledger ends with run_end");
            } else if (windowClosed) {
                s.put("reason", "the trading window closed at " + Instant.ofEpochSecond(st.windowClosedAtUs() / 1_000_000)
                        + " (window_end): nothing is recorded until the next one opens");
            }
        }
        o.put("status", ok ? "ok" : "degraded");
        o.put("clients_dropped", relay.droppedClients());
        o.set("symbols", a);
        return Answer.json(200, o.toString());
    }
}
