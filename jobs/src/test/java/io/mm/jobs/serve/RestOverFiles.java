package io.mm.jobs.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.mm.api.catalog.DataCatalog;
import io.mm.api.relay.Relay;
import io.mm.api.rest.RestRoutes;
import io.mm.api.server.ApiServer;
import io.mm.api.server.ApiSettings;
import io.mm.core.Exchange;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongSupplier;

/** Serve's relay and REST book over a recorder's DATA_DIR, on the recorder's clock, for tests that read {@code /book}. */
public final class RestOverFiles implements AutoCloseable {
    private final Relay relay;
    private final ApiServer server;

    private RestOverFiles(Relay relay, ApiServer server) {
        this.relay = relay;
        this.server = server;
    }

    /** Starts both over {@code data}; {@code nowMillis} is the recorder's clock (the age of the data is measured on it). */
    public static RestOverFiles start(Path data, LongSupplier nowMillis) throws Exception {
        Relay relay = new Relay(new DataCatalog(data), Relay.Settings.defaults(), nowMillis).start();
        try {
            ApiSettings api = ApiSettings.defaults(0);
            return new RestOverFiles(relay, new ApiServer(api, List.of(new RestRoutes(relay, nowMillis, api.maxSymbols()))).start());
        } catch (Exception | Error e) {
            relay.close();
            throw e;
        }
    }

    /** {@code GET /book}, asserted to answer 200 (see {@link RestBooks#book}). */
    public JsonNode book(Exchange e, String symbol, int depth) throws Exception {
        return RestBooks.book(server.port(), e, symbol, depth);
    }

    /** {@code GET /book}'s answer once {@code until} holds (see {@link RestBooks#awaitBook}). */
    public JsonNode awaitBook(Exchange e, String symbol, java.util.function.Predicate<JsonNode> until, String what) throws Exception {
        return RestBooks.awaitBook(server.port(), e, symbol, until, what);
    }

    @Override
    public void close() {
        server.close();
        relay.close();
    }
}
