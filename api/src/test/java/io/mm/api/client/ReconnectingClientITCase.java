package io.mm.api.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.mm.api.catalog.DataCatalog;
import io.mm.api.relay.Relay;
import io.mm.api.relay.RelayRoute;
import io.mm.api.server.ApiServer;
import io.mm.api.server.ApiSettings;
import io.mm.sinks.live.LiveFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The clients' reconnect: a relay that goes away and comes back on the same port is followed without a restart. */
class ReconnectingClientITCase {
    private static final String DIFFS = "binance/BTCUSDT/20240101/live/live_depth_diffs.ndjson";

    private static void lines(LiveFiles f, long from, long to) throws Exception {
        for (long seq = from; seq <= to; seq++) {
            f.append(DIFFS, ("{\"recv_seq\":" + seq + ",\"recv_ts_us\":1,\"exchange\":\"binance\",\"symbol\":\"BTCUSDT\",\"E\":1,\"U\":1,\"u\":1,"
                    + "\"b\":[],\"a\":[],\"checksum\":null,\"attempt\":0,\"raw\":{\"e\":\"depthUpdate\",\"u\":" + seq + "}}\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        f.flush();
    }

    /** A relay and its server, closed together. */
    private record Served(Relay relay, ApiServer api) implements AutoCloseable {
        @Override
        public void close() {
            api.close();
            relay.close();
        }
    }

    private static Served server(Path data, int port) throws Exception {
        DataCatalog c = new DataCatalog(data);
        c.refresh();
        Relay relay = new Relay(c, Relay.Settings.defaults(), System::currentTimeMillis).start();
        ApiSettings s = ApiSettings.defaults(port);
        return new Served(relay, new ApiServer(s, List.of(new RelayRoute(relay, s))).start());
    }

    private static void await(ByteArrayOutputStream b, String text) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (!b.toString(StandardCharsets.UTF_8).contains(text) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(b.toString(StandardCharsets.UTF_8)).contains(text);
    }

    @Test
    void followsARelayThatRestarts(@TempDir Path data) throws Exception {
        try (LiveFiles f = new LiveFiles(data, 3600, 3600, System::currentTimeMillis)) {
            lines(f, 1, 5);
            Served first = server(data, 0);
            int port = first.api().port();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            ReconnectingClient c = new ReconnectingClient(URI.create("ws://127.0.0.1:" + port + "/ws?exchange=binance&symbol=BTCUSDT"), null,
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(log, true, StandardCharsets.UTF_8), Long.MAX_VALUE,
                    Duration.ofMillis(200), Duration.ofSeconds(1));
            CompletableFuture<Long> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return c.run(Duration.ZERO);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            await(log, "connected to");
            Thread.sleep(300); // subscribed: what comes now is relayed line by line
            lines(f, 6, 10);
            await(out, "\"recv_seq\":10,\"recv_ts_us\"");
            first.close();
            await(log, "reconnecting in");
            Served second = server(data, port);
            long deadline = System.currentTimeMillis() + 20_000;
            while (log.toString(StandardCharsets.UTF_8).split("connected to ", -1).length < 3 && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            Thread.sleep(300);
            lines(f, 11, 15);
            await(out, "\"recv_seq\":15,\"recv_ts_us\"");
            c.stop();
            assertThat(run.get(10, TimeUnit.SECONDS)).as(out.toString(StandardCharsets.UTF_8)).isGreaterThanOrEqualTo(12);
            assertThat(log.toString(StandardCharsets.UTF_8).split("connected to ", -1)).hasSizeGreaterThanOrEqualTo(3);
            for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
                assertThat(line).startsWith("{\"v\":1,\"type\":");
            }
            second.close();
        }
    }

    /** A client of {@code query} with a short backoff that stops after {@code max} messages into {@code out}, logging to {@code log}. */
    private static ReconnectingClient quickClient(Served served, String query, ByteArrayOutputStream out, ByteArrayOutputStream log, long max) {
        return new ReconnectingClient(URI.create("ws://127.0.0.1:" + served.api().port() + "/ws?" + query), null,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(log, true, StandardCharsets.UTF_8), max,
                Duration.ofMillis(50), Duration.ofMillis(100));
    }

    /** As above, printing nowhere and never stopping at a count. */
    private static ReconnectingClient quickClient(Served served, String query, ByteArrayOutputStream log) {
        return quickClient(served, query, new ByteArrayOutputStream(), log, Long.MAX_VALUE);
    }

    @Test
    void stopsAtARefusalThatAskingAgainCannotChange(@TempDir Path data) throws Exception {
        try (LiveFiles f = new LiveFiles(data, 3600, 3600, System::currentTimeMillis); Served served = server(data, 0)) {
            lines(f, 1, 2);
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            ReconnectingClient c = quickClient(served, "exchange=nope&symbol=BTCUSDT", log);
            assertThat(CompletableFuture.supplyAsync(() -> {
                try {
                    return c.run(Duration.ofSeconds(30));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }).get(10, TimeUnit.SECONDS)).isZero();
            assertThat(c.refusal()).startsWith("HTTP 400").contains("nope");
            assertThat(log.toString(StandardCharsets.UTF_8)).doesNotContain("reconnecting");
        }
    }

    @Test
    void aSymbolNotRecordedYetIsAskedForAgain(@TempDir Path data) throws Exception {
        try (LiveFiles f = new LiveFiles(data, 3600, 3600, System::currentTimeMillis); Served served = server(data, 0)) {
            lines(f, 1, 2);
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            ReconnectingClient c = quickClient(served, "exchange=binance&symbol=ETHUSDT", log);
            c.run(Duration.ofSeconds(2));
            assertThat(c.refusal()).isNull();
            assertThat(log.toString(StandardCharsets.UTF_8)).contains("refused: HTTP 404").contains("reconnecting");
        }
    }

    @Test
    void aClientThatStopsAtItsCountDoesNotReportTheServersAnswerToItsCloseAsTheServerClosing(@TempDir Path data) throws Exception {
        try (LiveFiles f = new LiveFiles(data, 3600, 3600, System::currentTimeMillis); Served served = server(data, 0)) {
            lines(f, 1, 2);
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            ReconnectingClient c = quickClient(served, "exchange=binance&symbol=BTCUSDT", new ByteArrayOutputStream(), log, 1);
            assertThat(c.run(Duration.ofSeconds(10))).isEqualTo(1);
            Thread.sleep(500); // the server's answer to the client's close arrives after run returns
            assertThat(log.toString(StandardCharsets.UTF_8)).contains("connected to").doesNotContain("closed by the server")
                    .doesNotContain("reconnecting");
        }
    }
}
