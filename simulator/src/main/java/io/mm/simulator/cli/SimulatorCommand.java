package io.mm.simulator.cli;

import io.mm.core.Exchange;
import io.mm.simulator.Simulator;
import io.mm.simulator.SimulatorUrls;
import io.mm.simulator.fault.FaultSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/mm simulator}: a loopback Binance, Kraken and Bitfinex on one port, until Ctrl-C (or
 * {@code --duration}). Prints the settings that point the recorder and the history clients at it.
 */
@Command(name = "simulator", mixinStandardHelpOptions = true,
        description = "Serve Binance (/binance), Kraken (/kraken) and Bitfinex (/bitfinex) on one loopback port, with faults on demand "
                + "and a control endpoint (/control). Runs until Ctrl-C.",
        subcommands = {CaptureCommand.class})
public final class SimulatorCommand implements Callable<Integer> {
    @Option(names = "--port", paramLabel = "PORT", description = "port to listen on (default ${DEFAULT-VALUE}; 0 picks a free one)")
    int port = 8900;

    @Option(names = "--host", paramLabel = "ADDRESS", description = "address to bind (default ${DEFAULT-VALUE})")
    String host = "127.0.0.1";

    @Option(names = "--rate", paramLabel = "X", description = "market steps per second per symbol, each a book change or a trade (default ${DEFAULT-VALUE})")
    double rate = 50;

    @Option(names = "--seed", paramLabel = "N", description = "seed of the random-walk markets; the same seed gives the same markets (default ${DEFAULT-VALUE})")
    long seed = 1;

    @Option(names = "--history-days", paramLabel = "N", description = "days of deterministic past before the start that REST klines, OHLC, candles and "
            + "trades serve (default ${DEFAULT-VALUE}; 0: none)")
    int historyDays = Simulator.DEFAULT_HISTORY_DAYS;
    @Option(names = "--exchanges", paramLabel = "EXCHANGE", split = ",", description = "exchanges to serve (default binance,kraken,bitfinex)")
    List<String> exchanges = List.of("binance", "kraken", "bitfinex");

    @Option(names = "--symbols", split = ",", paramLabel = "EXCHANGE=SYMBOL[;SYMBOL...]",
            description = "an exchange's symbols, e.g. 'binance=BTCUSDT;ETHUSDT' (quoted: ';' ends a shell command) or kraken=BTC/USD (repeatable; default: each exchange's majors)")
    List<String> symbols = new ArrayList<>();

    @Option(names = "--symbol-count", paramLabel = "N", description = "serve N generated symbols per exchange instead (S0001USDT, S0001/USD, tS0001USD, ...)")
    Integer symbolCount;

    @Option(names = "--fault", paramLabel = "KIND:EXCHANGE[:SYMBOL][:key=value]",
            description = "arm a fault at start (repeatable), e.g. drop:binance:BTCUSDT:count=3, stall:kraken:duration_ms=5000, "
                    + "rest-429:binance:param=2. Kinds: drop, duplicate, reorder, corrupt-checksum, malformed, close, stall, refuse, "
                    + "session-limit, rest-429, rest-418, rest-5xx, rest-slow, rest-timeout, info, trade-drop, trade-duplicate, trade-reorder")
    List<String> faults = new ArrayList<>();

    @Option(names = "--bitfinex-granted-flags", paramLabel = "FLAGS",
            description = "Bitfinex conf flags granted at most (default: all asked; 65536 grants sequence numbers only, no checksums)")
    Long bitfinexGrantedFlags;

    @Option(names = "--session-limit", paramLabel = "S", description = "close every connection after this many seconds (the exchanges' 24-hour rule, shortened)")
    Long sessionLimitSeconds;

    @Option(names = "--capture", paramLabel = "FILE", description = "play this capture (NDJSON, see docs/simulator.md) instead of simulated markets")
    java.nio.file.Path capture;

    @Option(names = "--speed", paramLabel = "X", description = "capture pace: 1 as recorded, 10 ten times faster, 0 as fast as possible (default ${DEFAULT-VALUE})")
    double speed = 1;

    @Option(names = "--duration", paramLabel = "S", description = "stop after this many seconds (default: run until Ctrl-C)")
    Long durationSeconds;

    @Option(names = "--clock", paramLabel = "SPEC", description = "the exchanges' clock, as the recorder's MM_CLOCK: system, or "
            + "start=2024-01-01T23:59:30Z,speed=1[,anchor=<epoch ms>] (default: MM_CLOCK, else system)")
    String clock;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Simulator.Builder b;
        try {
            b = builder();
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("mm simulator: " + e.getMessage());
            return 2;
        }
        return serve(b);
    }

    Simulator.Builder builder() {
        if (historyDays < 0) {
            throw new IllegalArgumentException("--history-days must be >= 0: " + historyDays);
        }
        if (symbolCount != null && symbolCount < 1) {
            throw new IllegalArgumentException("--symbol-count must be >= 1: " + symbolCount);
        }
        if (sessionLimitSeconds != null && sessionLimitSeconds <= 0) {
            throw new IllegalArgumentException("--session-limit must be > 0 seconds: " + sessionLimitSeconds);
        }
        if (!(speed >= 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("--speed must be a finite number >= 0 (0: as fast as possible): " + speed);
        }
        Simulator.Builder b;
        try {
            b = Simulator.builder().host(host).port(port).rate(rate).seed(seed).historyDays(historyDays);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + e.getMessage()); // the builder's own check names the setting as its flag does
        }
        String clockSpec = clock != null ? clock : System.getenv("MM_CLOCK");
        try {
            b.clock(io.mm.core.clock.RecorderClock.parse(clockSpec, System.currentTimeMillis()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--clock (MM_CLOCK): " + e.getMessage());
        }
        Set<Exchange> ex = EnumSet.noneOf(Exchange.class);
        for (String e : exchanges) {
            ex.add(parseExchange(e, "--exchanges"));
        }
        if (capture != null) {
            try {
                b.capture(capture, speed);
            } catch (java.nio.file.FileSystemException e) {
                throw new IllegalArgumentException("--capture: " + io.mm.core.config.StorageCheck.reason(e));
            } catch (java.io.IOException e) {
                String m = String.valueOf(e.getMessage());
                throw new IllegalArgumentException("--capture: " + (m.startsWith(capture.toString()) ? m : capture + ": " + m));
            }
        }
        if (durationSeconds != null && durationSeconds <= 0) {
            throw new IllegalArgumentException("--duration must be > 0 seconds: " + durationSeconds);
        }
        b.exchanges(ex);
        if (bitfinexGrantedFlags != null) {
            b.bitfinexGrantedFlags(bitfinexGrantedFlags);
        }
        for (String s : symbols) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--symbols '" + s + "': expected EXCHANGE=SYMBOL[;SYMBOL...], e.g. 'binance=BTCUSDT;ETHUSDT'");
            }
            Exchange x = parseExchange(s.substring(0, eq), "--symbols");
            List<String> names = List.of(s.substring(eq + 1).split(";", -1));
            for (String name : names) {
                try {
                    io.mm.simulator.market.Instrument.named(x, name, 0); // spelled the exchange's way, or said here
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--symbols '" + s + "': " + e.getMessage());
                }
            }
            b.symbols(x, names);
        }
        if (symbolCount != null) {
            for (Exchange e : ex) {
                b.syntheticSymbols(e, symbolCount);
            }
        }
        for (String f : faults) {
            try {
                b.fault(FaultSpec.parse(f));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage().startsWith("--fault") ? e.getMessage() : "--fault '" + f + "': " + e.getMessage());
            }
        }
        if (sessionLimitSeconds != null) {
            for (Exchange e : ex) {
                b.sessionLimit(e, Duration.ofSeconds(sessionLimitSeconds));
            }
        }
        return b;
    }

    private int serve(Simulator.Builder b) throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        Simulator started;
        try {
            started = b.build().start();
        } catch (IllegalStateException e) {
            spec.commandLine().getErr().println("mm simulator: " + e.getMessage() + " (--port chooses another port, 0 a free one; --host the address)");
            return 2;
        }
        try (Simulator sim = started) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stop.countDown();
                sim.close();
            }, "simulator-shutdown"));
            SimulatorUrls urls = sim.urls();
            System.out.println("simulator on " + host + ":" + sim.port() + " (seed " + seed + ", " + rate + " steps/s per symbol)");
            for (Exchange e : sim.stats().exchanges().keySet()) {
                System.out.println("  " + e.id() + ": " + (capture != null ? "capture " + capture : String.join(", ", sim.symbols(e))));
            }
            System.out.println("point the recorder at it:");
            for (Map.Entry<String, String> env : urls.environment().entrySet()) {
                System.out.println("  export " + env.getKey() + "=" + env.getValue());
            }
            System.out.println("control: " + urls.control() + "/{book,faults,faults/log,pause,resume,step,rate,stats,symbols}");
            System.out.flush();
            if (durationSeconds != null) {
                stop.await(durationSeconds, TimeUnit.SECONDS);
                System.out.println(sim.stats().toJson());
            } else {
                stop.await();
            }
        }
        return 0;
    }

    static Exchange parseExchange(String s, String flag) {
        try {
            return Exchange.parse(s.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag + ": " + e.getMessage());
        }
    }
}
