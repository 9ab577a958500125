package io.mm.api.cli;

import io.mm.api.catalog.DataCatalog;
import io.mm.core.candle.CandleSource;
import io.mm.api.metrics.CandleStore;
import io.mm.api.metrics.MetricsService;
import io.mm.api.relay.Relay;
import io.mm.api.relay.RelayRoute;
import io.mm.api.rest.RestRoutes;
import io.mm.api.server.ApiServer;
import io.mm.api.server.Route;
import io.mm.api.web.WebRoute;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** What the serving commands start: the relay and the routes asked for, on one server, until stopped. */
public final class Serving implements AutoCloseable {
    /** Which parts a command serves. */
    public enum Part { RELAY, REST, METRICS, WEB }

    private final Relay relay;
    private final MetricsService metrics;
    private final ApiServer server;
    private final CountDownLatch stopped = new CountDownLatch(1);

    public Serving(ServeOptions.Resolved o, List<Part> parts, CandleSource candles) throws InterruptedException {
        if (!Files.isDirectory(o.dataDir())) {
            throw new IllegalArgumentException(o.settings().describe("DATA_DIR") + " " + o.dataDir() + " is not a directory");
        }
        DataCatalog catalog = new DataCatalog(o.dataDir().toAbsolutePath());
        catalog.refresh();
        relay = new Relay(catalog, o.relay(), System::currentTimeMillis).start();
        List<Route> routes = new ArrayList<>();
        if (parts.contains(Part.RELAY)) {
            routes.add(new RelayRoute(relay, o.api()));
        }
        if (parts.contains(Part.REST)) {
            routes.add(new RestRoutes(relay, System::currentTimeMillis, o.api().maxSymbols()));
        }
        if (parts.contains(Part.METRICS)) {
            metrics = new MetricsService(catalog, new CandleStore(catalog.dataDir(), candles, o.coverageMarginMs(), o.metricsCacheBytes()), relay,
                    System::currentTimeMillis);
            routes.add(metrics.route(o.api()));
        } else {
            metrics = null;
        }
        if (parts.contains(Part.WEB)) {
            routes.add(new WebRoute());
        }
        try {
            server = new ApiServer(o.api(), routes).start();
        } catch (IllegalStateException | InterruptedException e) {
            if (metrics != null) {
                metrics.close();
            }
            relay.close();
            if (e instanceof IllegalStateException) {
                throw new IllegalArgumentException(e.getMessage() + " (" + o.portSetting() + " chooses another port, API_HOST (--host) the address)", e);
            }
            throw e;
        }
    }

    public Relay relay() {
        return relay;
    }

    public int port() {
        return server.port();
    }

    /** Serves until stopped (Ctrl-C), or for {@code seconds} when positive. */
    public void await(double seconds) throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            close();
        }, "serve-stop"));
        if (seconds > 0) {
            stopped.await((long) (seconds * 1000), TimeUnit.MILLISECONDS);
        } else {
            stopped.await();
        }
    }

    @Override
    public void close() {
        if (stopped.getCount() == 0) {
            return;
        }
        stopped.countDown();
        server.close();
        if (metrics != null) {
            metrics.close();
        }
        relay.close();
    }
}
