package io.mm.simulator.bench;

import io.mm.core.Exchange;
import io.mm.simulator.Simulator;
import io.mm.simulator.SimulatorStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/mm bench simulator}: how many messages a second the simulator sustains to real WebSocket
 * clients in this process (OkHttp, counting what arrives), with every exchange's generated symbols
 * subscribed the way the recorder subscribes them.
 */
@Command(name = "simulator", mixinStandardHelpOptions = true,
        description = "Messages/s the simulator sustains across WebSocket connections (figures for docs/benchmarks.md).")
public final class SimulatorBenchCommand implements Callable<Integer> {
    @Option(names = "--symbols", paramLabel = "N", description = "generated symbols per exchange (default ${DEFAULT-VALUE})")
    int symbols = 60;

    @Option(names = "--rate", paramLabel = "X", description = "market steps per second per symbol (default ${DEFAULT-VALUE})")
    double rate = 1000;

    @Option(names = "--seconds", paramLabel = "S", description = "measured seconds, after 5 s of warm-up (default ${DEFAULT-VALUE})")
    int seconds = 20;

    @Option(names = "--exchanges", paramLabel = "EXCHANGE", split = ",", description = "exchanges to load (default binance,kraken,bitfinex)")
    List<String> exchanges = List.of("binance", "kraken", "bitfinex");

    @Override
    public Integer call() throws Exception {
        Simulator.Builder b = Simulator.builder().rate(rate).seed(1).tradeLog(20_000);
        java.util.EnumSet<Exchange> ex = java.util.EnumSet.noneOf(Exchange.class);
        exchanges.forEach(e -> ex.add(Exchange.parse(e)));
        b.exchanges(ex);
        ex.forEach(e -> b.syntheticSymbols(e, symbols));
        OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ZERO).build();
        LongAdder received = new LongAdder();
        LongAdder chars = new LongAdder();
        List<WebSocket> sockets = new ArrayList<>();
        try (Simulator sim = b.build().start()) {
            WebSocketListener count = new WebSocketListener() {
                @Override
                public void onMessage(WebSocket webSocket, String text) {
                    received.increment();
                    chars.add(text.length());
                }
            };
            for (Exchange e : ex) {
                List<String> names = sim.symbols(e);
                switch (e) {
                    case BINANCE -> {
                        for (int i = 0; i < names.size(); i += 100) {
                            StringBuilder streams = new StringBuilder();
                            for (String s : names.subList(i, Math.min(names.size(), i + 100))) {
                                String l = s.toLowerCase(Locale.ROOT);
                                streams.append(streams.length() == 0 ? "" : "/").append(l).append("@depth@100ms/").append(l).append("@trade");
                            }
                            sockets.add(http.newWebSocket(new Request.Builder().url(sim.urls().binanceWs() + "/stream?streams=" + streams).build(),
                                    count));
                        }
                    }
                    case KRAKEN -> {
                        for (int i = 0; i < names.size(); i += 50) {
                            String list = "[\"" + String.join("\",\"", names.subList(i, Math.min(names.size(), i + 50))) + "\"]";
                            WebSocket ws = http.newWebSocket(new Request.Builder().url(sim.urls().krakenWs()).build(), count);
                            ws.send("{\"method\":\"subscribe\",\"params\":{\"channel\":\"book\",\"symbol\":" + list + ",\"depth\":10},\"req_id\":1}");
                            ws.send("{\"method\":\"subscribe\",\"params\":{\"channel\":\"trade\",\"symbol\":" + list + "},\"req_id\":2}");
                            sockets.add(ws);
                        }
                    }
                    case BITFINEX -> {
                        for (int i = 0; i < names.size(); i += 12) {
                            WebSocket ws = http.newWebSocket(new Request.Builder().url(sim.urls().bitfinexWs()).build(), count);
                            ws.send("{\"event\":\"conf\",\"flags\":229376}");
                            for (String s : names.subList(i, Math.min(names.size(), i + 12))) {
                                ws.send("{\"event\":\"subscribe\",\"channel\":\"book\",\"symbol\":\"" + s + "\",\"prec\":\"P0\",\"len\":\"25\"}");
                                ws.send("{\"event\":\"subscribe\",\"channel\":\"trades\",\"symbol\":\"" + s + "\"}");
                            }
                            sockets.add(ws);
                        }
                    }
                }
            }
            System.out.printf(Locale.ROOT, "%d symbols per exchange (%s), %.0f steps/s each, %d connections; warming up 5 s%n", symbols, ex,
                    rate, sockets.size());
            Thread.sleep(5000);
            SimulatorStats s0 = sim.stats();
            long r0 = received.sum();
            long c0 = chars.sum();
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            SimulatorStats s1 = sim.stats();
            double secs = (System.nanoTime() - t0) / 1e9;
            long r1 = received.sum();
            long c1 = chars.sum();
            System.out.printf(Locale.ROOT, "steps/s (all symbols):   %,.0f (configured %,.0f)%n", (s1.steps() - s0.steps()) * (double) symbols * ex.size() / secs,
                    rate * symbols * ex.size());
            for (Exchange e : ex) {
                System.out.printf(Locale.ROOT, "  %-8s sent/s:      %,.0f%n", e.id(),
                        (s1.exchanges().get(e).messages() - s0.exchanges().get(e).messages()) / secs);
            }
            System.out.printf(Locale.ROOT, "messages/s sent:         %,.0f%n", (s1.messages() - s0.messages()) / secs);
            System.out.printf(Locale.ROOT, "messages/s received:     %,.0f (%,.1f MB/s of text)%n", (r1 - r0) / secs, (c1 - c0) / secs / 1e6);
            System.out.printf(Locale.ROOT, "market thread behind:    %d ticks%n", s1.lagTicks() - s0.lagTicks());
        } finally {
            sockets.forEach(WebSocket::cancel);
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
            http.dispatcher().executorService().awaitTermination(5, TimeUnit.SECONDS);
        }
        return 0;
    }

}
