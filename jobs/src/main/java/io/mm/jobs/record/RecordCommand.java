package io.mm.jobs.record;

import io.mm.core.Exchange;
import io.mm.core.contract.RecorderLock;
import io.mm.core.config.SettingsReader;
import io.mm.core.config.StorageCheck;
import io.mm.sources.rest.SymbolCatalog;
import io.mm.sources.rest.SymbolSuggestion;
import io.mm.sources.ws.ConnectionSplit;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bin/mm record}: the recorder on a local MiniCluster, the counterpart of
 * {@code python -m mm_recorder.recorder}. Every environment variable of the original works, and each has a
 * flag. Resumes from the newest completed checkpoint unless {@code --fresh}; stops cleanly (final commit,
 * {@code run_end}) after {@code --duration} or on SIGINT/SIGTERM.
 */
@Command(name = "record", mixinStandardHelpOptions = true,
        description = {"Record depth and trades of Binance Spot, Kraken and Bitfinex symbols into gzip day files.",
                "Settings come from the original's environment variables; a flag overrides its variable."})
public final class RecordCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RecordCommand.class);
    /** Full traces: bin/mm's logging writes this logger to logs/mm.log only. */
    private static final Logger TRACE = LoggerFactory.getLogger("io.mm.trace");

    /** Setting, flag, description: one table for env variables, flags and help. */
    public static final String[][] SETTINGS = {
        {"SYMBOL", "--symbol", "symbols, comma separated, the flag repeatable; exchange:symbol mixes exchanges (binance:BTCUSDT,kraken:BTC/USD,bitfinex:tBTCUSD)"},
        {"EXCHANGE", "--exchange", "exchange of symbols without a prefix: binance (default), kraken, bitfinex"},
        {"DATA_DIR", "--data-dir", "data root (default data)"},
        {"CHECKPOINT_DIR", "--checkpoint-dir", "checkpoints (default <DATA_DIR>/.checkpoints)"},
        {"DEPTH_LEVELS", "--depth-levels", "book levels per orderbook row (default 20); a day's file keeps the width it was created with"},
        {"STORE_DEPTH_DIFFS", "--store-depth-diffs", "write diffs/depth_diffs_*.ndjson.gz (default 1)"},
        {"SNAPSHOT_LIMIT", "--snapshot-limit", "levels of Binance REST snapshots (default 1000, weight 50)"},
        {"KRAKEN_BOOK_DEPTH", "--kraken-depth", "Kraken book depth: 10 (default), 25, 100, 500, 1000; Kraken's checksum proves the top 10 levels"},
        {"LIVE_STREAM", "--live-stream", "write live/*.ndjson (default 1)"},
        {"LIVE_STREAM_ROTATE_S", "--live-rotate-s", "rotate live files every N seconds (default 60)"},
        {"LIVE_STREAM_RETENTION_S", "--live-retention-s", "delete rotated live files after N seconds (default 3600)"},
        {"LIVE_STREAM_FLUSH_MS", "--live-flush-ms", "write live lines to the live files every N ms (default 50)"},
        {"WINDOW_TZ", "--window-tz", "time zone of trading days (default Europe/Berlin)"},
        {"WINDOW_START_HHMM", "--window-start", "day window start HH:MM (default 00:00)"},
        {"WINDOW_END_HHMM", "--window-end", "day window end HH:MM (default 00:15)"},
        {"WINDOW_END_DAY_OFFSET", "--window-end-day-offset", "days added to the end time (default 1)"},
        {"HEARTBEAT_SEC", "--heartbeat-sec", "a heartbeat ledger row per symbol every N seconds (default 60, 0 off)"},
        {"BOOK_SNAPSHOT_INTERVAL_S", "--book-snapshot-interval-s", "a 'periodic' snapshot of each synced book every N seconds, "
                + "where the relay and other readers can start (default 3600, 0 off)"},
        {"SYNC_WARN_AFTER_SEC", "--sync-warn-after-sec", "warn when a symbol is not synced for N seconds (default 30)"},
        {"MAX_BUFFER_WARN", "--max-buffer-warn", "warn when the socket hand-off queue holds N frames (default 10000)"},
        {"WS_QUEUE_CAPACITY", "--ws-queue-capacity", "frames queued between the sockets and a source subtask; when full a socket waits 2 s, then drops and reports (default 20000)"},
        {"MAX_BUFFERED_UPDATES", "--max-buffered-updates", "updates held per symbol while its book waits for a snapshot, and its rolling resync window (default 10000)"},
        {"ORDERBOOK_BUFFER_ROWS", "--orderbook-buffer-rows", "book/diff rows buffered per file before an early flush (default 5000)"},
        {"TRADES_BUFFER_ROWS", "--trades-buffer-rows", "trade rows buffered per file before an early flush (default 5000)"},
        {"BUFFER_FLUSH_INTERVAL_SEC", "--flush-interval-sec", "checkpoint (commit) interval in seconds (default 10)"},
        {"SINK_FSYNC", "--fsync", "force committed data to disk, surviving power loss (default 1)"},
        {"SINK_FSYNC_SCOPE", "--fsync-scope", "with fsync: 'filesystem' syncs the data directory's file system once per commit (Linux syncfs), 'files' forces each day file (default filesystem)"},
        {"GZIP_LEVEL", "--gzip-level", "deflate level of the day files, 1 fastest .. 9 smallest (default 5)"},
        {"SINK_BUFFER_MB", "--sink-buffer-mb", "rows buffered per writer before every file is staged early, MiB (default 64; as much again may be on its way to disk)"},
        {"SINK_COMMIT_THREADS", "--sink-commit-threads", "threads per committer compressing and appending day files (default 4)"},
        {"WS_PING_INTERVAL_S", "--ws-ping-interval-s", "client ping interval, below WS_NO_DATA_WARN_S (default 20)"},
        {"WS_PING_TIMEOUT_S", "--ws-ping-timeout-s", "pong timeout (default 10)"},
        {"WS_RECONNECT_BACKOFF_S", "--ws-backoff-s", "first reconnect delay (default 1)"},
        {"WS_RECONNECT_BACKOFF_MAX_S", "--ws-backoff-max-s", "reconnect delay cap (default 60)"},
        {"WS_MAX_SESSION_S", "--ws-max-session-s", "move each connection to a new socket after N seconds: Binance hands over without a loss, the others reconnect (default 84600)"},
        {"WS_OPEN_TIMEOUT_S", "--ws-open-timeout-s", "handshake timeout (default 10)"},
        {"WS_NO_DATA_WARN_S", "--ws-no-data-warn-s", "silence reported as a stall, then reconnect (default 30, 0 off)"},
        {"INSECURE_TLS", "--insecure-tls", "1: accept any TLS certificate on every connection, WebSocket and REST (local debugging only)"},
        {"BINANCE_WS_URL", "--binance-ws-url", "default wss://stream.binance.com:9443"},
        {"BINANCE_REST_URL", "--binance-rest-url", "default https://api.binance.com"},
        {"KRAKEN_WS_URL", "--kraken-ws-url", "default wss://ws.kraken.com/v2"},
        {"KRAKEN_REST_URL", "--kraken-rest-url", "default https://api.kraken.com"},
        {"BITFINEX_WS_URL", "--bitfinex-ws-url", "default wss://api-pub.bitfinex.com/ws/2"},
        {"BITFINEX_REST_URL", "--bitfinex-rest-url", "default https://api-pub.bitfinex.com"},
        {"BINANCE_WEIGHT_LIMIT", "--binance-weight-limit", "REST weight per minute spent at most (default 4800 of 6000)"},
        {"PARALLELISM", "--parallelism", "Flink parallelism (default: cores, at most 4)"},
        {"RESTART_ATTEMPTS", "--restart-attempts", "restarts after failures (1, 2, 4 .. 60 s apart) before the recorder gives up and exits 1; reset after an hour without one (default 10)"},
        {"MM_CLOCK", "--clock", "system (default), or start=<ISO time>,speed=<x> to drive the clock"},
    };

    @Spec
    CommandSpec spec;

    @Option(names = "--duration", paramLabel = "TIME", description = "stop cleanly after this long (30s, 5m, 2h, 1d)")
    String duration;

    @Option(names = "--fresh", description = "start over instead of resuming the newest checkpoint of a run with the same symbols")
    boolean fresh;

    /** For bin/stack, which submits the recorder to a cluster: the checkpoint this run would resume from, or nothing. */
    @Option(names = "--print-resume-point", hidden = true)
    boolean printResumePoint;

    @Option(names = "--web-ui", paramLabel = "PORT", arity = "0..1", fallbackValue = "8081",
            description = "serve Flink's web UI (default port 8081) on --bind-host")
    Integer webUi;

    @Option(names = "--bind-host", paramLabel = "ADDRESS", defaultValue = "${env:MM_BIND_HOST:-127.0.0.1}",
            description = "address every listener of the recorder binds: Flink's REST API and web UI, BLOB server, RPC "
                    + "(default 127.0.0.1: this machine only; 0.0.0.0 opens them to every interface, docs/running.md) [env MM_BIND_HOST]")
    String bindHost;

    @Option(names = "--prometheus-port", paramLabel = "PORT", description = "serve Prometheus metrics at http://HOST:PORT/metrics "
            + "(a port or a range such as 9249-9259)")
    String prometheusPort;

    @Option(names = "--prometheus-host", paramLabel = "ADDRESS",
            description = "the address the Prometheus endpoint binds (default: --bind-host, 127.0.0.1; 0.0.0.0: every interface)")
    String prometheusHost;

    @Option(names = "--skip-symbol-check", description = "do not check SYMBOL against the exchanges' symbol lists")
    boolean skipSymbolCheck;

    @Option(names = "--simulate", description = "record from the simulator started in this process (bin/mm simulator's markets, "
            + "a free loopback port) instead of the exchanges: the product working offline")
    boolean simulate;

    /** Adds one option per setting to the record command of {@code root}. */
    public static void addSettingOptions(CommandLine record) {
        CommandSpec s = record.getCommandSpec();
        for (String[] k : SETTINGS) {
            OptionSpec.Builder o = OptionSpec.builder(k[1]).paramLabel("VALUE").description(k[2] + " [env " + k[0] + "]");
            if (k[0].equals("SYMBOL")) {
                o.type(List.class).auxiliaryTypes(String.class).arity("1"); // repeatable: each one adds its symbols
            } else {
                o.type(String.class);
            }
            s.addOption(o.build());
        }
    }

    SettingsReader settings(Map<String, String> env) {
        SettingsReader k = new SettingsReader(env);
        for (String[] setting : SETTINGS) {
            OptionSpec o = spec.findOption(setting[1]);
            Object v = o == null ? null : o.getValue();
            k.flag(setting[0], setting[1], v instanceof List<?> l ? (l.isEmpty() ? null : String.join(",", l.stream().map(String::valueOf).toList()))
                    : (String) v);
        }
        return k;
    }

    /** {@code --simulate}: records from a simulator this process starts, given the command and the environment. */
    @FunctionalInterface
    public interface Simulation {
        Integer record(RecordCommand cmd, Map<String, String> environment) throws Exception;
    }

    private Simulation simulation;

    /** How {@code --simulate} runs; bin/mm provides it (the simulator is not part of the jobs or their jar). */
    public RecordCommand simulation(Simulation s) {
        this.simulation = s;
        return this;
    }

    @Override
    public Integer call() throws Exception {
        if (!simulate) {
            return record(System.getenv());
        }
        if (simulation == null) {
            spec.commandLine().getErr().println("mm record: --simulate runs the simulator inside bin/mm record only");
            return 2;
        }
        return simulation.record(this, System.getenv());
    }

    /**
     * The symbols this command would record, per exchange, as {@code SYMBOL} (or {@code --symbol}) names them.
     *
     * @throws IllegalArgumentException what {@link #record} would also refuse, naming the setting
     */
    public Map<Exchange, List<String>> symbolsAsked(Map<String, String> environment) {
        return RecordJobSettings.parseSymbols(settings(environment));
    }

    /**
     * Refuses settings {@link #record} would refuse by their value alone (not the disk, the ports or the exchanges), so
     * that {@code --simulate} says so before it starts anything: exit code 2 after the one-line error, or null.
     */
    public Integer refuseBadSettings(Map<String, String> environment) {
        try {
            checkValues(settings(environment));
            return null;
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("mm record: " + e.getMessage());
            return 2;
        }
    }

    private RecordJobSettings checkValues(SettingsReader k) {
        LocalListeners.checkHost(bindHost);
        if (prometheusHost != null) {
            LocalListeners.checkHost(prometheusHost, "--prometheus-host");
        }
        if (duration != null) {
            parseDuration(duration);
        }
        return RecordJobSettings.from(k, RecordJobSettings.newRunId(), System.currentTimeMillis());
    }

    /** Records with {@code environment} as the settings' environment (flags still win); the exit code. */
    public Integer record(Map<String, String> environment) throws Exception {
        SettingsReader k = settings(environment);
        RecordJobSettings c;
        Duration stopAfter;
        try {
            c = checkValues(k);
            if (webUi != null) {
                LocalListeners.requireFree(bindHost, Integer.toString(webUi), "--web-ui");
            }
            if (prometheusPort != null) {
                LocalListeners.requireFree(prometheusHost != null ? prometheusHost : bindHost, prometheusPort, "--prometheus-port");
            }
            if (printResumePoint) {
                Optional<Path> from = fresh ? Optional.empty() : Checkpoints.resumePoint(c.checkpointDir.toAbsolutePath(), RecorderJob.source(c).splits());
                from.ifPresent(p -> spec.commandLine().getOut().println(p));
                spec.commandLine().getOut().flush();
                return 0;
            }
            stopAfter = duration == null ? null : parseDuration(duration);
            checkStorage(k, c);
            DepthLevelsCheck.check(c);
            c.advice().forEach(LOG::warn);
            if (!skipSymbolCheck) {
                checkSymbols(c);
            }
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("mm record: " + e.getMessage());
            return 2;
        }
        // the job takes the same locks for this run (its enumerator): here they make a second recorder fail at once
        RecorderLock lock;
        try {
            lock = RecorderLock.acquire(c.dataDir, c.symbols, c.operator.runId());
        } catch (RecorderLock.ConflictException | IOException e) {
            spec.commandLine().getErr().println("mm record: " + e.getMessage());
            return 2;
        }
        try (lock) {
            return run(c, stopAfter);
        }
    }

    /** DATA_DIR and CHECKPOINT_DIR usable before anything starts; their free space said once. */
    private static void checkStorage(SettingsReader k, RecordJobSettings c) {
        long dataFree = StorageCheck.writableDirectory(k.describe("DATA_DIR"), c.dataDir);
        long checkpointFree = StorageCheck.writableDirectory(k.describe("CHECKPOINT_DIR"), c.checkpointDir);
        LOG.info("DATA_DIR {}: {} free; CHECKPOINT_DIR {}: {} free", c.dataDir.toAbsolutePath(), StorageCheck.size(dataFree),
                c.checkpointDir.toAbsolutePath(), StorageCheck.size(checkpointFree));
        if (Math.min(dataFree, checkpointFree) < StorageCheck.LOW_FREE_BYTES) {
            LOG.warn("less than {} free for the recording: when the disk fills, the recorder stops after RESTART_ATTEMPTS restarts",
                    StorageCheck.size(StorageCheck.LOW_FREE_BYTES));
        }
    }

    static Duration parseDuration(String s) {
        Matcher m = Pattern.compile("(\\d+)\\s*(s|m|h|d)?").matcher(s.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("--duration '" + s + "' is not a time like 30s, 5m, 2h, 1d");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofSeconds(n);
        };
    }

    /**
     * Refuses symbols an exchange does not list, naming every one of them (with the listed spelling when one is
     * obvious) in one message, so that a mistyped {@code SYMBOL} is fixed in one go.
     */
    static void checkSymbols(RecordJobSettings c) {
        SymbolCatalog catalog = new SymbolCatalog(c.rest, c.restLimits, c.ws.krakenWsUrl(), Duration.ofSeconds(15));
        try {
            List<String> problems = new ArrayList<>();
            for (Map.Entry<Exchange, List<String>> e : c.symbols.entrySet()) {
                Set<String> known;
                try {
                    known = catalog.symbols(e.getKey());
                } catch (IOException ex) {
                    // the exception names the URL asked
                    problems.add("cannot check against " + e.getKey().id() + "'s symbol list: " + ex.getMessage()
                            + " (--skip-symbol-check records without checking)");
                    continue;
                }
                List<String> unknown = new ArrayList<>();
                for (String s : e.getValue()) {
                    if (!known.contains(s)) {
                        unknown.add(s + SymbolSuggestion.of(e.getKey(), s, known).map(k -> " (did you mean " + k + "?)").orElse(""));
                    }
                }
                if (!unknown.isEmpty()) {
                    problems.add("unknown " + e.getKey().id() + " symbol(s) " + String.join(", ", unknown) + " (not listed by "
                            + catalog.source(e.getKey()) + ")");
                }
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("SYMBOL: " + String.join("; ", problems));
            }
        } finally {
            catalog.close();
        }
    }

    private Integer run(RecordJobSettings c, Duration stopAfter) throws Exception {
        Configuration conf = RecorderJob.flinkConfiguration(c);
        LocalListeners.bind(conf, bindHost);
        Path checkpointDir = c.checkpointDir.toAbsolutePath();
        List<ConnectionSplit> connections = RecorderJob.source(c).splits();
        if (!fresh) {
            Optional<Path> from = Checkpoints.resumePoint(checkpointDir, connections);
            if (from.isPresent()) {
                conf.set(StateRecoveryOptions.SAVEPOINT_PATH, Checkpoints.flinkPath(from.get()));
                LOG.info("resuming from {} (use --fresh to start over)", from.get());
            }
        }
        if (prometheusPort != null) {
            BoundPrometheus.configure(conf, prometheusHost != null ? prometheusHost : bindHost, prometheusPort);
        }
        StreamExecutionEnvironment env;
        if (webUi != null) {
            conf.set(RestOptions.PORT, webUi);
            env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
        } else {
            env = StreamExecutionEnvironment.createLocalEnvironment(conf);
        }
        env.setParallelism(c.parallelism);
        RecorderJob.build(env, c);
        LOG.info("recording {} symbol(s) {} into {} (run {}, checkpoints every {} s in {})", c.symbolCount(), c.symbols,
                c.dataDir.toAbsolutePath(), c.operator.runId(), c.checkpointIntervalSec, checkpointDir);
        JobClient job = env.executeAsync("mm recorder " + c.operator.runId());
        CountDownLatch stop = new CountDownLatch(1);
        installSignals(stop);
        long deadline = stopAfter == null ? Long.MAX_VALUE : System.nanoTime() + stopAfter.toNanos();
        while (true) {
            // a job that ended takes its local cluster with it: ask for its result, not for its status
            if (job.getJobExecutionResult().isDone()) {
                return ended(job, c);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || stop.await(Math.min(TimeUnit.NANOSECONDS.toMillis(Math.max(left, 0)), 1000), TimeUnit.MILLISECONDS)
                    || System.nanoTime() >= deadline) {
                break;
            }
        }
        LOG.info("stopping: final checkpoint, commit, run_end");
        String savepoint = job.stopWithSavepoint(true, Checkpoints.flinkPath(checkpointDir.resolve("savepoints")),
                SavepointFormatType.CANONICAL).get(5, TimeUnit.MINUTES);
        job.getJobExecutionResult().get(5, TimeUnit.MINUTES);
        prune(checkpointDir, job, connections);
        LOG.info("stopped cleanly; state kept in {}", savepoint);
        return 0;
    }

    /** Savepoints of these symbols kept after a clean stop, the newest first (only the newest is resumed). */
    static final int KEEP_SAVEPOINTS = 3;

    /** What a clean stop leaves behind and no run resumes: older savepoints of these symbols, the job's checkpoints. */
    private static void prune(Path checkpointDir, JobClient job, List<ConnectionSplit> connections) {
        try {
            List<Path> removed = Checkpoints.pruneSavepoints(checkpointDir.resolve("savepoints"), connections, KEEP_SAVEPOINTS);
            if (!removed.isEmpty()) {
                LOG.info("deleted {} older savepoint(s) of these symbols; the newest {} are kept", removed.size(), KEEP_SAVEPOINTS);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: older savepoints not pruned: {}", checkpointDir, e.toString());
        }
        Checkpoints.deleteStoppedJob(checkpointDir.resolve(job.getJobID().toHexString()));
    }

    /** The job ended without being asked to: a last console line says why (the full trace is in logs/mm.log). */
    private int ended(JobClient job, RecordJobSettings c) throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        try {
            job.getJobExecutionResult().get();
            err.println("mm record: the recorder job finished by itself (its input ended)");
            err.flush();
            return 0;
        } catch (ExecutionException e) {
            TRACE.error("the recorder job failed", e);
            boolean exhausted = JobFailures.restartsExhausted(e);
            err.println("mm record: " + (exhausted ? "gave up after " + c.restartAttempts + " restarts (RESTART_ATTEMPTS)"
                    : "the recorder job failed") + ": " + JobFailures.cause(e));
            err.flush();
            return 1;
        }
    }

    /** SIGINT and SIGTERM start a clean stop instead of killing the JVM mid-commit. */
    @SuppressWarnings("restriction")
    private static void installSignals(CountDownLatch stop) {
        for (String name : List.of("INT", "TERM")) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> {
                    LOG.info("SIG{} received", name);
                    stop.countDown();
                });
            } catch (IllegalArgumentException e) {
                LOG.debug("cannot handle SIG{}: {}", name, e.toString());
            }
        }
    }
}
