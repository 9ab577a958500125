package io.mm.bench;

import io.mm.api.catalog.DataCatalog;
import io.mm.api.relay.Relay;
import io.mm.api.relay.RelayRoute;
import io.mm.api.server.ApiServer;
import io.mm.api.server.ApiSettings;
import io.mm.core.Exchange;
import io.mm.core.config.SettingsReader;
import io.mm.jobs.record.RecordJobSettings;
import io.mm.jobs.record.RecorderJob;
import io.mm.simulator.Simulator;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bin/mm bench relay}: the whole live path on loopback. The simulator feeds the recorder job (a
 * MiniCluster, live files on), the relay tails the recorder's live files, and many WebSocket clients in a
 * process of their own each take some symbols: messages/s delivered, the time from the recorder's
 * {@code recv_ts_us} to the client (the live files' flush cadence, {@code LIVE_STREAM_FLUSH_MS}, is part of it),
 * and the relay's memory per client.
 */
@Command(name = "relay", mixinStandardHelpOptions = true,
        description = "Relay clients on loopback behind the simulator-fed recorder: messages/s delivered, p50/p99 recv_ts_us-to-client, "
                + "memory per client. Recorder settings (LIVE_STREAM_FLUSH_MS, ...) come from the environment as for bin/mm record.")
public final class RelayBench implements Callable<Integer> {
    @Option(names = "--clients", paramLabel = "N", description = "WebSocket clients (default ${DEFAULT-VALUE})", converter = Counts.AtLeastOne.class)
    int clients = 1000;
    @Option(names = "--symbols", paramLabel = "N", description = "simulated Binance symbols (default ${DEFAULT-VALUE})", converter = Counts.AtLeastOne.class)
    int symbols = 10;
    @Option(names = "--symbols-per-client", paramLabel = "N", description = "symbols each client takes, round robin (default ${DEFAULT-VALUE})", converter = Counts.AtLeastOne.class)
    int perClient = 1;
    @Option(names = "--rate", paramLabel = "X", description = "simulator steps per second per symbol (default ${DEFAULT-VALUE})", converter = Counts.PositiveRate.class)
    double rate = 600;
    @Mixin
    MeasuredWindow window = new MeasuredWindow();

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("mm-bench-relay");
        try (Simulator sim = Simulator.builder().rate(rate).seed(1).tradeLog(10_000).historyDays(0)
                .exchanges(java.util.EnumSet.of(Exchange.BINANCE)).syntheticSymbols(Exchange.BINANCE, symbols).build().start()) {
            List<String> names = new ArrayList<>(sim.symbols(Exchange.BINANCE));
            Map<String, String> env = new HashMap<>(System.getenv());
            env.putAll(sim.urls().environment());
            env.put("SYMBOL", String.join(",", names.stream().map(s -> "binance:" + s).toList()));
            env.put("DATA_DIR", dir.resolve("data").toString());
            env.put("LIVE_STREAM", "1");
            env.putIfAbsent("PARALLELISM", "2");
            RecordJobSettings c = RecordJobSettings.from(new SettingsReader(env), RecordJobSettings.newRunId(), System.currentTimeMillis());
            StreamExecutionEnvironment senv = StreamExecutionEnvironment.createLocalEnvironment(RecorderJob.flinkConfiguration(c));
            senv.setParallelism(c.parallelism);
            RecorderJob.build(senv, c);
            JobClient job = senv.executeAsync("mm relay benchmark");
            try {
                Files.createDirectories(dir.resolve("data"));
                DataCatalog catalog = new DataCatalog(dir.resolve("data"));
                Relay relay = new Relay(catalog, Relay.Settings.defaults(), System::currentTimeMillis).start();
                ApiSettings s = new ApiSettings("127.0.0.1", 0, null, List.of(), clients + 100, Math.max(20, perClient), 8192, 20, 60, 1 << 20);
                ApiServer server = new ApiServer(s, List.of(new RelayRoute(relay, s))).start();
                try {
                    System.out.printf(Locale.ROOT, "%d Binance symbols at %.0f steps/s each, recorder LIVE_STREAM_FLUSH_MS=%s; waiting for every book%n",
                            symbols, rate, env.getOrDefault("LIVE_STREAM_FLUSH_MS", "default"));
                    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
                    while (synced(relay) < symbols && System.nanoTime() < deadline) {
                        Thread.sleep(500);
                    }
                    System.out.printf(Locale.ROOT, "%d of %d books synced at the relay%n", synced(relay), symbols);
                    long heap0 = Heap.usedAfterGc();
                    long direct0 = PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory();
                    Process p = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                            "-cp", System.getProperty("java.class.path"), RelayLoad.class.getName(),
                            "ws://127.0.0.1:" + server.port() + "/ws?exchange=binance", Integer.toString(clients), String.join(",", names),
                            Integer.toString(perClient), Integer.toString(window.warmup), Integer.toString(window.seconds))
                            .redirectError(ProcessBuilder.Redirect.INHERIT).start();
                    String result = null;
                    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = r.readLine()) != null) {
                            if (line.startsWith("connected ")) {
                                Thread.sleep(3000);
                                long heap1 = Heap.usedAfterGc();
                                long direct1 = PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory();
                                System.out.printf(Locale.ROOT, "%s clients; relay heap per client: %.1f KB, pooled direct memory per client: %.1f KB%n",
                                        line.substring(10), (heap1 - heap0) / 1024.0 / clients, (direct1 - direct0) / 1024.0 / clients);
                            } else if (line.startsWith("result ")) {
                                result = line;
                            }
                        }
                    }
                    p.waitFor(2, TimeUnit.MINUTES);
                    if (result == null) {
                        System.out.println("the clients' process gave no result");
                        return 1;
                    }
                    Map<String, String> f = new HashMap<>();
                    for (String kv : result.substring(7).split(" ")) {
                        f.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
                    }
                    System.out.printf(Locale.ROOT, "messages/s delivered:     %,.0f (%s clients, %s closed by the server, %d dropped)%n",
                            Double.parseDouble(f.get("per_second")), f.get("clients"), f.get("closed"), relay.droppedClients());
                    System.out.printf(Locale.ROOT, "recv_ts_us to client:     p50 %s ms, p99 %s ms, p99.9 %s ms, max %s ms (%s messages)%n", f.get("p50_ms"),
                            f.get("p99_ms"), f.get("p999_ms"), f.get("max_ms"), f.get("latency_samples"));
                } finally {
                    server.close();
                    relay.close();
                }
            } finally {
                job.cancel().get(1, TimeUnit.MINUTES);
            }
        }
        return 0;
    }

    private static int synced(Relay relay) throws Exception {
        return relay.call(v -> (int) v.all().stream().filter(s -> s.book() != null).count()).get(10, TimeUnit.SECONDS);
    }
}
