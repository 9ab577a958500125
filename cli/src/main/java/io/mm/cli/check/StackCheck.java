package io.mm.cli.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm.api.client.ReconnectingClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code bin/mm check stack}: {@code bin/mm up}, {@code status} and {@code down} as a user runs them, on a cluster
 * of their own (free ports, a work directory) that the check starts first, so that {@code down} must leave it
 * running: of two {@code up}s started at once, one brings the simulator, the recorder and {@code serve} up and every
 * book SYNCED in serve's {@code /health}, the other waits for it and starts nothing; an {@code up} after them starts
 * nothing; {@code down} stops the recorder with a savepoint
 * ({@code run_end} in every ledger) and only what {@code up} started; a third {@code up} resumes from that
 * savepoint. Exit 0 when every check holds, 1 otherwise.
 */
@Command(name = "stack", mixinStandardHelpOptions = true,
        description = {"Run bin/mm up --simulate (twice at once), status, up again and down, and check each step.",
                "On a cluster of its own started beforehand: every book SYNCED in serve's /health, an up beside another and the"
                        + " second up start nothing,"
                        + " a bin/mm record of a symbol it records is refused, down saves the recorder and stops only what up started,"
                        + " and up resumes from that savepoint.",
                "Exit 0 every check held, 1 one failed."})
public final class StackCheck implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String SYMBOLS = ClusterCheck.SYMBOLS;

    @Mixin
    WorkDirOptions workDir = new WorkDirOptions();
    private Path work;

    @Spec
    CommandSpec spec;

    private PrintWriter out;
    private Scripts scripts;
    private final List<String> failures = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        Path root = Paths.get(System.getProperty("mm.root", ".")).toAbsolutePath().normalize();
        if (!Files.isExecutable(root.resolve("bin/stack"))) {
            spec.commandLine().getErr().println("mm check: no bin/stack under " + root + " (run it as bin/mm check stack)");
            return 2;
        }
        work = workDir.open();
        scripts = new Scripts(root, work);
        Path conf = work.resolve("conf");
        ClusterCheck.writeConfig(root.resolve("flink-conf"), conf, work);
        Path data = work.resolve("data");
        int servePort = ClusterCheck.freePort();
        Map<String, String> env = new HashMap<>(Map.of("MM_FLINK_CONF_DIR", conf.toString(), "MM_CLUSTER_DIR", work.resolve("cluster").toString(),
                "MM_STACK_DIR", work.resolve("stack").toString(), "DATA_DIR", data.toString(), "SERVE_PORT", Integer.toString(servePort),
                "BUFFER_FLUSH_INTERVAL_SEC", "2", "WINDOW_TZ", ClusterCheck.noonZone()));
        say("work directory " + work);
        try {
            scripts.runOk("cluster-start.log", env, "bin/cluster", "start");
            say("cluster started by the check (bin/cluster start)");

            // two ups at once: one starts the parts, the other waits for it and starts nothing
            Scripts.Running upA = scripts.start("up-1.log", env, "bin/mm", "up", "--simulate", "--symbol", SYMBOLS);
            Scripts.Running upB = scripts.start("up-1b.log", env, "bin/mm", "up", "--simulate", "--symbol", SYMBOLS);
            String a = upA.outputOk();
            String b = upB.outputOk();
            String up = a.contains("recorder: submitted") ? a : b;
            String waited = up == a ? b : a;
            expect(up, "mm up: cluster: already running", "up uses the running cluster");
            String job = between(up, "recorder: submitted (job ", ")");
            expect(waited, "another bin/mm up or down is running for ", "an up beside another waits for it");
            expect(waited, "recorder: already running (job " + job + ")", "an up beside another submits no recorder");
            expect(waited, "simulator: already running", "an up beside another starts no simulator");
            expect(waited, "serve: already running", "an up beside another starts no serve");
            scripts.await("every book SYNCED in serve's /health", 180, () -> healthSynced(servePort));
            expect(up, "serve: started (pid ", "up starts serve");
            expect(up, " at http://127.0.0.1:" + servePort + "/", "up prints serve's address");
            expect(up, "watch: bin/mm relay-client --url ws://127.0.0.1:" + servePort + "/ws --symbol " + SYMBOLS,
                    "up says how to watch the symbols, of every exchange on one connection");
            say("up: simulator, recorder (job " + job + ") and serve running; every book SYNCED in /health; the up started beside it"
                    + " waited and started nothing");
            long fetched = historyCandles(servePort, "kraken", "BTC/USD");
            check(fetched > 0, "serve's metrics fetch the simulator's history for a 2h window (no exchange candles within 60 s)");
            say("metrics: " + fetched + " kraken BTC/USD candles from the simulator's history");
            Scripts.Result status = scripts.run("status-1.log", env, "bin/mm", "status");
            check(status.exit() == 0, "status exits 0 with every part up, not " + status.exit() + ":\n" + status.output());
            expect(status.output(), "serve: running (pid ", "status shows serve");
            expect(status.output(), " at http://127.0.0.1:" + servePort + "/", "status shows serve's address");
            expect(status.output(), " at http://127.0.0.1:" + servePort + "/, /health ok (" + SYMBOLS.split(",").length + " symbols)",
                    "status shows serve's verdict on the books");

            String again = scripts.runOk("up-2.log", env, "bin/mm", "up", "--simulate", "--symbol", SYMBOLS);
            expect(again, "simulator: already running", "a second up starts no simulator");
            expect(again, "recorder: already running (job " + job + ")", "a second up submits no recorder");
            expect(again, "serve: already running", "a second up starts no serve");
            say("up again: every part already running, nothing started");

            // the job holds its symbols' locks where the JobManager runs: a recorder of one of them beside it is refused
            Scripts.Result second = scripts.run("record-beside.log", env, "bin/mm", "record", "--symbol", "binance:BTCUSDT", "--skip-symbol-check",
                    "--duration", "5s");
            check(second.exit() == 2, "bin/mm record of a symbol the stack records exits 2, not " + second.exit() + ":\n" + second.output());
            expect(second.output(), "mm record: binance BTCUSDT is being recorded into " + data + " by another recorder (run=",
                    "bin/mm record names the stack's recorder");
            say("record beside it: a symbol the stack records is refused, naming its recorder");

            String down = scripts.runOk("down-1.log", env, "bin/mm", "down");
            expect(down, "recorder: stopped (job " + job + "), savepoint ", "down stops the recorder with a savepoint");
            check(scripts.run("cluster-status.log", env, "bin/cluster", "status").exit() == 0, "down stopped the cluster it had not started");
            check(ledgersEndWithRunEnd(data), "every ledger ends with run_end after down");
            Scripts.Result after = scripts.run("status-2.log", env, "bin/mm", "status");
            check(after.exit() == 3, "status after down exits 3 (nothing started), not " + after.exit() + ":\n" + after.output());
            expect(scripts.runOk("down-again.log", env, "bin/mm", "down"), "mm down: nothing to stop", "down again says there is nothing to stop");
            say("down: recorder saved and stopped, run_end in every ledger; the check's cluster still running");

            // the same symbols, one --symbol each: the same run, resumed
            List<String> upAgain = new java.util.ArrayList<>(List.of("bin/mm", "up", "--simulate"));
            for (String s : SYMBOLS.split(",")) {
                upAgain.addAll(List.of("--symbol", s));
            }
            String resume = scripts.runOk("up-3.log", env, upAgain.toArray(String[]::new));
            expect(resume, "recorder: resuming from ", "up resumes the recorder from down's savepoint");
            scripts.await("every book SYNCED in /health after resuming", 180, () -> healthSynced(servePort));
            for (String s : SYMBOLS.split(",")) {
                String[] es = s.split(":", 2);
                check(tradesRelayed(servePort, es[0], es[1]) > 0, s + ": trades recorded again after resuming (the relay passes none on)");
            }
            scripts.runOk("down-2.log", env, "bin/mm", "down");
            say("up again after down: resumed from the savepoint, every book SYNCED, trades recorded again; down");
        } catch (Exception | AssertionError e) {
            failures.add(e.toString());
        } finally {
            scripts.run("down-last.log", env, "bin/mm", "down");
            scripts.run("cluster-stop.log", env, "bin/cluster", "stop");
        }
        return workDir.verdict(out, failures, "bin/mm up, status and down");
    }

    private void say(String s) {
        out.println("check: " + s);
        out.flush();
    }

    private void check(boolean holds, String what) {
        if (!holds) {
            failures.add(what);
        }
    }

    private void expect(String output, String text, String what) {
        check(output.contains(text), what + " (no '" + text + "' in:\n" + output + ")");
    }

    private static String between(String s, String start, String end) {
        int i = s.indexOf(start);
        if (i < 0) {
            throw new IllegalStateException("no '" + start + "' in:\n" + s);
        }
        int from = i + start.length();
        return s.substring(from, s.indexOf(end, from));
    }

    /** serve's /health lists one entry per recorded symbol, each SYNCED. */
    private boolean healthSynced(int port) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode symbols = JSON.readTree(r.body()).path("symbols");
            int synced = 0;
            for (JsonNode s : symbols) {
                synced += s.path("state").asText().equals("SYNCED") ? 1 : 0;
            }
            return r.statusCode() == 200 && symbols.size() == ClusterCheck.SYMBOL_DIRS.length && synced == symbols.size();
        } catch (IOException e) {
            return false; // serve not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The exchange candles a 2-hour volatility request for one symbol is answered with, taking up to 60 s for the
     * update that follows serve's fetch of what the recording lacks (with {@code --simulate}, from the simulator):
     * asked with the product's own client, as {@code bin/mm metrics-client} asks.
     */
    private long historyCandles(int port, String exchange, String symbol) throws Exception {
        URI uri = URI.create("ws://127.0.0.1:" + port + "/metrics?exchange=" + exchange + "&symbols="
                + java.net.URLEncoder.encode(symbol, java.nio.charset.StandardCharsets.UTF_8) + "&interval=1m&window=2h&metric=volatility");
        long most = 0;
        for (String line : messages(uri, 2, Duration.ofSeconds(60))) { // the first answer, at once, and the one after the fetch
            most = Math.max(most, JSON.readTree(line).path("candles").path("exchange").asLong());
        }
        return most;
    }

    /** The trades serve's relay passes on for one symbol within 15 s: the recorder's live trades, as a client sees them. */
    private static long tradesRelayed(int port, String exchange, String symbol) throws Exception {
        URI uri = URI.create("ws://127.0.0.1:" + port + "/ws?exchange=" + exchange + "&symbol="
                + java.net.URLEncoder.encode(symbol, java.nio.charset.StandardCharsets.UTF_8));
        return messages(uri, Long.MAX_VALUE, Duration.ofSeconds(15)).stream().filter(l -> l.contains("\"type\":\"trade\"")).count();
    }

    /** What {@code uri} sends within {@code within}, at most {@code max} messages, asked as bin/mm's clients ask. */
    private static List<String> messages(URI uri, long max, Duration within) throws InterruptedException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        new ReconnectingClient(uri, null, new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
                new java.io.PrintStream(java.io.OutputStream.nullOutputStream()), max, Duration.ofSeconds(1), Duration.ofSeconds(5)).run(within);
        return out.toString(java.nio.charset.StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
    }

    private static boolean ledgersEndWithRunEnd(Path data) throws IOException {
        for (String s : ClusterCheck.SYMBOL_DIRS) {
            List<CSVRecord> l = ClusterCheck.csv(ClusterCheck.file(ClusterCheck.day(data, s), "events_"));
            if (l.isEmpty() || !l.get(l.size() - 1).get("type").equals("run_end")) {
                return false;
            }
        }
        return true;
    }
}
