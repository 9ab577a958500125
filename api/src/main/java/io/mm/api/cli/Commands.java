package io.mm.api.cli;

import io.mm.api.server.ApiSettings;
import io.mm.core.candle.CandleSource;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/** Runs a serving command: settings checked first (exit 2 with the setting named), then served until stopped. */
final class Commands {
    private Commands() {}

    /** A bound server's address, for the line a command prints. */
    record Bound(String host, int port) {}

    static int run(Supplier<ServeOptions.Resolved> settings, List<Serving.Part> parts, CandleSource candles, double duration,
                   Function<Bound, String> banner) throws InterruptedException {
        ServeOptions.Resolved o;
        try {
            o = settings.get();
        } catch (IllegalArgumentException e) {
            System.err.println("mm: " + e.getMessage());
            return 2;
        }
        Serving s;
        try {
            s = new Serving(o, parts, candles);
        } catch (IllegalArgumentException e) {
            System.err.println("mm: " + e.getMessage());
            return 2;
        }
        ApiSettings api = o.api();
        System.out.println(banner.apply(new Bound(api.host(), s.port())));
        System.out.flush();
        try {
            s.await(duration);
        } finally {
            s.close();
        }
        return 0;
    }
}
