package io.mm.cli.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm.jobs.record.Checkpoints;
import io.mm.simulator.Simulator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code bin/mm check cluster}: the recorder on a standalone cluster of its own ({@code bin/cluster} with free
 * ports under a work directory) against the simulator, through a TaskManager {@code kill -9} and a rescale:
 * the job restores on a new TaskManager, resumes from a savepoint at parallelism 2, and stops cleanly; then every
 * file is a valid gzip, no {@code recv_seq} appears twice, each loss is a {@code recovery} gap row, and the days
 * replay frame for frame on the same cluster ({@code bin/cluster submit validate}). Prints the recovery times and
 * the processes' memory. Exit 0 when every check holds, 1 otherwise.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = {"Kill, rescale and replay the recorder on a standalone cluster of its own against the simulator.",
                "Kills -9 the TaskManager and starts another, rescales from a savepoint to parallelism 2 and stops;"
                        + " then checks the files and replays the days on the cluster.",
                "Prints the time from the kill and from the savepoint to resumed recording, and the JobManager's and"
                        + " TaskManager's memory.",
                "Exit 0 every check held, 1 one failed."})
public final class ClusterCheck implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String SYMBOLS = "binance:BTCUSDT,kraken:BTC/USD,bitfinex:tBTCUSD";
    static final String[] SYMBOL_DIRS = {"binance/BTCUSDT", "kraken/BTCUSD", "bitfinex/BTCUSD"};

    @Mixin
    WorkDirOptions workDir = new WorkDirOptions();
    private Path work;

    @Spec
    CommandSpec spec;

    private PrintWriter out;
    private Map<String, String> clusterEnv;
    private Path root;
    private Scripts scripts;
    private final List<String> failures = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        root = Paths.get(System.getProperty("mm.root", ".")).toAbsolutePath().normalize();
        if (!Files.isExecutable(root.resolve("bin/cluster"))) {
            spec.commandLine().getErr().println("mm check: no bin/cluster under " + root + " (run it as bin/mm check cluster)");
            return 2;
        }
        work = workDir.open();
        scripts = new Scripts(root, work);
        Path conf = work.resolve("conf");
        writeConfig(root.resolve("flink-conf"), conf, work);
        clusterEnv = new HashMap<>(Map.of("MM_FLINK_CONF_DIR", conf.toString(), "MM_CLUSTER_DIR", work.resolve("cluster").toString()));
        Path data = work.resolve("data");
        say("work directory " + work);
        try (Simulator sim = Simulator.builder().seed(7).rate(100).build().start()) {
            Map<String, String> env = new HashMap<>(clusterEnv);
            env.putAll(sim.urls().environment());
            env.put("BUFFER_FLUSH_INTERVAL_SEC", "2");
            env.put("WINDOW_TZ", noonZone());
            try {
                run(work.resolve("start.log"), clusterEnv, "bin/cluster", "start");
                say("cluster up; JobManager " + rssMib("jobmanager") + " MiB, TaskManager " + rssMib("taskmanager") + " MiB RSS (idle)");
                String job = submit(env, data, 1, null);
                await("every symbol SYNCED", () -> ledgersShow(data, "SYNCED", 0));
                Thread.sleep(4000);
                say("recording at parallelism 1; JobManager " + rssMib("jobmanager") + " MiB, TaskManager " + rssMib("taskmanager") + " MiB RSS");

                long killPid = Long.parseLong(Files.readString(work.resolve("cluster/taskmanager.pid")).trim());
                long killUs = nowUs();
                ProcessHandle tm = ProcessHandle.of(killPid).orElseThrow(() -> new IllegalStateException("no TaskManager " + killPid));
                tm.destroyForcibly();
                tm.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
                say("kill -9 TaskManager (pid " + killPid + "); starting another");
                run(work.resolve("taskmanager.log"), clusterEnv, "bin/cluster", "taskmanager");
                await("every symbol recording again after the kill", () -> resumedAfter(data, killUs, 1) != null);
                long[] resumed = resumedAfter(data, killUs, 1);
                say(String.format("kill -9 -> recovery event %.1f s, -> first frame %.1f s (slowest symbol)", (resumed[0] - killUs) / 1e6,
                        (resumed[1] - killUs) / 1e6));
                Thread.sleep(3000);

                long stopUs = nowUs();
                String savepoint = stopWithSavepoint(job, work.resolve("savepoints"), false);
                String job2 = submit(env, data, 2, savepoint);
                await("every symbol recording again at parallelism 2", () -> resumedAfter(data, stopUs, 2) != null);
                long[] rescaled = resumedAfter(data, stopUs, 2);
                say(String.format("savepoint at 1 -> resumed at 2: recovery event %.1f s, first frame %.1f s (slowest symbol)",
                        (rescaled[0] - stopUs) / 1e6, (rescaled[1] - stopUs) / 1e6));
                await("every symbol SYNCED after the rescale", () -> ledgersShow(data, "SYNCED", 2));
                Thread.sleep(3000);
                say("recording at parallelism 2; JobManager " + rssMib("jobmanager") + " MiB, TaskManager " + rssMib("taskmanager") + " MiB RSS");
                stopWithSavepoint(job2, work.resolve("savepoints"), true);

                checkFiles(data);
                checkReplay(data);
            } finally {
                run(work.resolve("stop.log"), clusterEnv, "bin/cluster", "stop");
            }
        } catch (Exception | AssertionError e) {
            failures.add(e.toString());
        }
        return workDir.verdict(out, failures, "failover, rescale and replay on the standalone cluster");
    }

    private void say(String s) {
        out.println("check: " + s);
        out.flush();
    }

    private static long nowUs() {
        return System.currentTimeMillis() * 1000;
    }

    /** flink-conf/config.yaml with free ports and this check's directories. */
    static void writeConfig(Path from, Path to, Path work) throws IOException {
        Files.createDirectories(to);
        String c = Files.readString(from.resolve("config.yaml"))
                .replace("port: 6123", "port: " + freePort())
                .replace("port: 8081", "port: " + freePort())
                .replace("/var/tmp/mm/cluster", work.resolve("cluster").toString());
        int prom = freePort();
        c = c.replace("metrics.reporter.prom.port: 9249-9259", "metrics.reporter.prom.port: " + prom + "," + freePort() + "," + freePort());
        Files.writeString(to.resolve("config.yaml"), c);
        Files.copy(from.resolve("log4j.properties"), to.resolve("log4j.properties"));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    private String run(Path log, Map<String, String> env, String... cmd) throws IOException, InterruptedException {
        return scripts.runOk(work.relativize(log).toString(), env, cmd);
    }

    /** Runs a script of the project with its output in {@code log}; {@code mustSucceed}: a non-zero exit throws. */
    private String run(Path log, Map<String, String> env, boolean mustSucceed, String... cmd) throws IOException, InterruptedException {
        return mustSucceed ? run(log, env, cmd) : scripts.run(work.relativize(log).toString(), env, cmd).output();
    }

    private String submit(Map<String, String> env, Path data, int parallelism, String savepoint) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bin/cluster", "submit", "record"));
        if (savepoint != null) {
            cmd.addAll(List.of("--from-savepoint", savepoint));
        }
        cmd.addAll(List.of("--symbol", SYMBOLS, "--data-dir", data.toString(), "--parallelism", Integer.toString(parallelism)));
        String output = run(work.resolve("submit-" + parallelism + ".log"), env, cmd.toArray(String[]::new));
        Matcher m = Pattern.compile("JobID ([0-9a-f]{32})").matcher(output);
        if (!m.find()) {
            throw new IllegalStateException("no job id in the submit's answer:\n" + output);
        }
        say("submitted at parallelism " + parallelism + (savepoint == null ? "" : " from " + savepoint) + ": job " + m.group(1));
        return m.group(1);
    }

    private String stopWithSavepoint(String job, Path dir, boolean drain) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bin/cluster", "flink", "stop"));
        if (drain) {
            cmd.add("--drain");
        }
        cmd.addAll(List.of("--savepointPath", Checkpoints.flinkPath(dir), job));
        String output = run(work.resolve("stop-" + job + ".log"), clusterEnv, cmd.toArray(String[]::new));
        Matcher m = Pattern.compile("Savepoint completed\\. Path: (\\S+)").matcher(output);
        if (!m.find()) {
            throw new IllegalStateException("no savepoint path in the stop's answer:\n" + output);
        }
        say("stopped job " + job + (drain ? " (drained)" : "") + " with savepoint " + m.group(1));
        return m.group(1);
    }

    private long rssMib(String process) {
        try {
            long pid = Long.parseLong(Files.readString(work.resolve("cluster/" + process + ".pid")).trim());
            for (String l : Files.readAllLines(Paths.get("/proc/" + pid + "/status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private void await(String what, Scripts.Condition c) throws Exception {
        scripts.await(what, 180, c);
    }

    /**
     * A {@code WINDOW_TZ} in which it is about noon now: the trading days (00:00 to 00:15 the next day) neither roll nor
     * overlap while a check runs, so each symbol records into one day directory whatever the time of day.
     */
    static String noonZone() {
        int hour = java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).getHour();
        return java.time.ZoneOffset.ofHours(12 - hour).getId().replace("Z", "UTC");
    }

    static Path day(Path data, String symbolDir) throws IOException {
        try (Stream<Path> s = Files.list(data.resolve(symbolDir))) {
            // day directories only: history/ (stored candles) sits beside them
            return s.filter(p -> Files.isDirectory(p) && p.getFileName().toString().matches("\\d{8}")).sorted().reduce((a, b) -> b)
                    .orElseThrow(() -> new IOException("no day directory under " + data.resolve(symbolDir)));
        }
    }

    static List<CSVRecord> csv(Path gz) throws IOException {
        try (Reader r = new InputStreamReader(new GZIPInputStream(Files.newInputStream(gz)), StandardCharsets.UTF_8)) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r).getRecords();
        }
    }

    static Path file(Path dir, String prefix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new IOException("no " + prefix + "* in " + dir));
        }
    }

    /** Every symbol's ledger has {@code recoveries} recovery events and shows {@code state} after the last. */
    private static boolean ledgersShow(Path data, String state, int recoveries) {
        try {
            for (String s : SYMBOL_DIRS) {
                List<CSVRecord> l = csv(file(day(data, s), "events_"));
                int n = 0;
                boolean seen = false;
                for (CSVRecord r : l) {
                    if (r.get("type").equals("recovery")) {
                        n++;
                        seen = false;
                    }
                    seen |= r.get("state").equals(state) && r.get("type").equals("state_change");
                }
                if (n != recoveries || !seen) {
                    return false;
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false; // not there yet, or caught mid-append
        }
    }

    /**
     * The latest, over the symbols, of the {@code n}th recovery event's time and of the first book frame received
     * after it (and after {@code sinceUs}); null until every symbol has both.
     */
    private static long[] resumedAfter(Path data, long sinceUs, int n) {
        long recovered = 0;
        long frame = 0;
        try {
            for (String s : SYMBOL_DIRS) {
                Path d = day(data, s);
                List<CSVRecord> rec = csv(file(d, "events_")).stream().filter(r -> r.get("type").equals("recovery")).toList();
                if (rec.size() < n) {
                    return null;
                }
                long restored = Long.parseLong(rec.get(n - 1).get("ts_us"));
                recovered = Math.max(recovered, restored);
                long first = csv(file(d, "orderbook_ws_depth_")).stream().mapToLong(r -> Long.parseLong(r.get("recv_ts_us")))
                        .filter(t -> t > Math.max(sinceUs, restored)).min().orElse(-1);
                if (first < 0) {
                    return null;
                }
                frame = Math.max(frame, first);
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return new long[] {recovered, frame};
    }

    /** Every gzip reads to its end; frames, diffs and raw trades hold each recv_seq once; two recovery gaps per symbol. */
    private void checkFiles(Path data) throws IOException {
        int files = 0;
        try (Stream<Path> s = Files.walk(data)) {
            for (Path p : s.filter(x -> x.toString().endsWith(".gz") && !data.relativize(x).toString().startsWith(".")).toList()) {
                files++;
                String name = p.getFileName().toString();
                Set<String> seqs = new HashSet<>();
                boolean once = name.startsWith("orderbook_ws_depth_") || name.startsWith("depth_diffs_") || name.startsWith("trades_ws_raw_");
                try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(p)),
                        StandardCharsets.UTF_8))) {
                    String line;
                    boolean header = name.endsWith(".csv.gz");
                    while ((line = r.readLine()) != null) {
                        if (header) {
                            header = false;
                            continue;
                        }
                        if (once) {
                            String seq = name.endsWith(".csv.gz") ? line.split(",")[1] : line.replaceAll("^\\{\"recv_seq\":(\\d+),.*", "$1");
                            if (!seqs.add(seq)) {
                                failures.add(p + ": recv_seq " + seq + " twice");
                            }
                        }
                    }
                } catch (IOException e) {
                    failures.add(p + ": not a valid gzip: " + e.getMessage());
                }
            }
        }
        for (String sd : SYMBOL_DIRS) {
            Path d = day(data, sd);
            List<CSVRecord> events = csv(file(d, "events_"));
            long recoveries = events.stream().filter(r -> r.get("type").equals("recovery")).count();
            long gaps = csv(file(d, "gaps_")).stream().filter(r -> r.get("kind").equals("recovery") && r.get("details").contains("\"depth\""))
                    .count();
            if (recoveries != 2 || gaps != 2) {
                failures.add(sd + ": " + recoveries + " recovery events and " + gaps + " depth recovery gap rows, expected 2 and 2");
            }
            if (!events.get(events.size() - 1).get("type").equals("run_end")) {
                failures.add(sd + ": the ledger does not end with run_end");
            }
        }
        say(files + " gzip files read to their end; recv_seq once per frame, diff and raw trade; 2 recovery gaps per symbol");
    }

    /** Replays the days on the cluster: every frame equal, every gap the replay finds recorded (exit 1: the recovery gaps). */
    private void checkReplay(Path data) throws Exception {
        Path report = work.resolve("validate.json");
        run(work.resolve("validate.log"), clusterEnv, false, "bin/cluster", "submit", "validate", "--data-dir", data.toString(), "--report",
                report.toString(), "--parallelism", "2");
        JsonNode doc = JSON.readTree(report.toFile());
        Map<String, String> verdicts = new LinkedHashMap<>();
        for (JsonNode d : doc.get("days")) {
            boolean ok = d.get("framesEqual").asBoolean() && d.get("gapMismatches").isEmpty() && d.get("framesRecorded").asLong() > 0;
            verdicts.put(d.get("dayDir").asText(), (ok ? "" : "NOT ") + "replayed: " + d.get("framesReplayed") + "/" + d.get("framesRecorded")
                    + " frames");
            if (!ok) {
                failures.add(d.get("dayDir").asText() + " does not replay: " + d);
            }
        }
        long symbols = java.util.Arrays.stream(SYMBOL_DIRS).filter(sd -> verdicts.keySet().stream().anyMatch(d -> Path.of(d).getParent().endsWith(sd)))
                .count();
        if (doc.get("exit_code").asInt() != 1 || symbols != SYMBOL_DIRS.length) {
            failures.add("validation on the cluster: exit " + doc.get("exit_code") + " for " + verdicts.size() + " day(s) of " + symbols
                    + " symbol(s), expected 1 (gaps) for the days of " + SYMBOL_DIRS.length);
        }
        verdicts.forEach((d, v) -> say(d + " " + v));
    }
}
