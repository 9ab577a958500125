package io.mm.jobs.serve;

import static io.mm.jobs.record.RecorderSimulatorITCase.rows;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm.api.catalog.DataCatalog;
import io.mm.api.live.LiveLine;
import io.mm.api.relay.Relay;
import io.mm.api.relay.RelayRoute;
import io.mm.api.rest.RestRoutes;
import io.mm.api.server.ApiServer;
import io.mm.api.server.ApiSettings;
import io.mm.core.Exchange;
import io.mm.core.config.SettingsReader;
import io.mm.core.contract.SymbolFs;
import io.mm.jobs.record.RecordJobSettings;
import io.mm.jobs.record.RecorderSimulatorITCase;
import io.mm.simulator.junit.SimulatorExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVRecord;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay against the recorder job on a MiniCluster fed by the simulator, for one symbol of each exchange:
 * a client receives every live line the recorder wrote after its first message, in order, without gaps or
 * repeats, across live-file rotations, a day roll (a driven clock crosses midnight) and a recorder restart from
 * a savepoint; the book it keeps from the relay's messages equals the recorder's book frame after every applied
 * diff; and {@code /book} equals the recorder's frame with the same {@code recv_seq}. The recorder subscribes Kraken's
 * book deeper than the relay's settings say: the relay follows the depth in the ledger.
 */
public class RelayRecorderITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<Exchange, String> SYMBOLS = Map.of(Exchange.BINANCE, "BTCUSDT", Exchange.KRAKEN, "BTC/USD",
            Exchange.BITFINEX, "tBTCUSD");

    @RegisterExtension
    final SimulatorExtension sim = SimulatorExtension.with(b -> b.seed(41).rate(100));

    private static JobClient start(RecordJobSettings c, String savepoint) throws Exception {
        return RecorderSimulatorITCase.start(c, savepoint);
    }

    @Test
    void everyLiveLineInOrderAndTheClientsBookEqualsTheRecordersFrames(@TempDir Path dir) throws Exception {
        Map<String, String> env = RecorderSimulatorITCase.environment(sim.simulator(), dir);
        env.put("SYMBOL", "binance:BTCUSDT,kraken:BTC/USD,bitfinex:tBTCUSD");
        env.put("LIVE_STREAM", "1");
        env.put("LIVE_STREAM_ROTATE_S", "4");
        env.put("BOOK_SNAPSHOT_INTERVAL_S", "3");
        // the relay's own settings are the defaults (10): its Kraken engine takes the depth the ledger says was subscribed
        env.put("KRAKEN_BOOK_DEPTH", "25");
        long anchor = System.currentTimeMillis();
        // fifteen seconds before midnight in the window's zone, one timeline across the restart
        env.put("MM_CLOCK", "start=2026-12-01T23:59:45+01:00,speed=1,anchor=" + anchor);
        env.remove("WINDOW_TZ"); // the driven clock is set against the default zone's midnight
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        DataCatalog catalog = new DataCatalog(data);
        Relay relay = new Relay(catalog, Relay.Settings.defaults(), System::currentTimeMillis).start();
        ApiSettings api = ApiSettings.defaults(0);
        ApiServer server = new ApiServer(api, List.of(new RelayRoute(relay, api), new RestRoutes(relay, System::currentTimeMillis, api.maxSymbols()))).start();
        Map<Exchange, RelayTestClient> clients = new HashMap<>();
        Map<Exchange, JsonNode> restBooks = new HashMap<>();
        Map<Exchange, JsonNode> lateBooks = new HashMap<>();
        Map<Exchange, List<JsonNode>> lateFirst = new HashMap<>();
        JobClient job = start(RecordJobSettings.from(new SettingsReader(env), RecordJobSettings.newRunId(), anchor), null);
        try {
            for (Exchange e : SYMBOLS.keySet()) {
                clients.put(e, connect(server.port(), e, SYMBOLS.get(e)));
            }
            waitFor(() -> days(data, Exchange.BITFINEX).size() == 2 && days(data, Exchange.BINANCE).size() == 2, 90, "the day roll");
            Thread.sleep(8000);
            String savepoint = job.stopWithSavepoint(false, dir.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
                    .get(2, TimeUnit.MINUTES);
            job.getJobExecutionResult().get(2, TimeUnit.MINUTES);
            job = start(RecordJobSettings.from(new SettingsReader(env), RecordJobSettings.newRunId(), anchor), savepoint);
            waitFor(() -> SYMBOLS.keySet().stream().allMatch(e -> bookAfterRestart(clients.get(e))), 90,
                    "every client's book again after the restart");
            // /book once the market stands still and every book is synced (a resync in flight when the market
            // stops would never finish: the market is let go on and stopped again)
            HttpClient http = HttpClient.newHttpClient();
            for (int attempt = 0; restBooks.size() < SYMBOLS.size(); attempt++) {
                assertThat(attempt).as("every symbol synced at a pause; ledgers: " + ledgers(data)).isLessThan(5);
                Thread.sleep(4000);
                sim.simulator().pause();
                Thread.sleep(3000);
                restBooks.clear();
                for (Exchange e : SYMBOLS.keySet()) {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                            + "/book?exchange=" + e.id() + "&symbol=" + SymbolFs.of(e, SYMBOLS.get(e)) + "&depth=20")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        restBooks.put(e, JSON.readTree(r.body()));
                    }
                }
                if (restBooks.size() < SYMBOLS.size()) {
                    sim.simulator().resume();
                }
            }
            // a fresh run (no checkpoint) into the same day: it numbers on from the files, the clients take its book
            sim.simulator().resume();
            job.stopWithSavepoint(false, dir.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL).get(2, TimeUnit.MINUTES);
            job.getJobExecutionResult().get(2, TimeUnit.MINUTES);
            Map<Exchange, Integer> booksBefore = new HashMap<>();
            SYMBOLS.keySet().forEach(e -> booksBefore.put(e, books(clients.get(e))));
            job = start(RecordJobSettings.from(new SettingsReader(env), RecordJobSettings.newRunId(), anchor), null);
            waitFor(() -> SYMBOLS.keySet().stream().allMatch(e -> books(clients.get(e)) > booksBefore.get(e)), 90,
                    "every client's book from the fresh run");
            Thread.sleep(3000);
            job.stopWithSavepoint(true, dir.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL).get(2, TimeUnit.MINUTES);
            job.getJobExecutionResult().get(2, TimeUnit.MINUTES);
            for (Exchange e : SYMBOLS.keySet()) {
                TreeMap<Long, LiveLine> written = liveLines(data, e);
                Map<Long, List<Long>> fresh = newTrades(e, written);
                long last = written.values().stream().filter(l -> l.diff() || fresh.containsKey(l.seq())).mapToLong(LiveLine::seq).max().orElseThrow();
                waitFor(() -> clients.get(e).lastLineSeq() >= last, 30, e + ": the relay delivering the last live line to send " + last);
            }
            // the recorder stopped cleanly (run_end): /health says STOPPED, not only "silent" (a minute later, by the wall clock)
            HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health")).build();
            waitFor(() -> {
                JsonNode h = JSON.readTree(http.send(health, HttpResponse.BodyHandlers.ofString()).body());
                boolean all = h.get("symbols").size() == SYMBOLS.size();
                for (JsonNode s : h.get("symbols")) {
                    all &= s.get("state").asText().equals("STOPPED");
                }
                return all && h.get("status").asText().equals("degraded");
            }, 30, "/health: every symbol STOPPED after run_end");
            // a relay started now rebuilds each book from the newest periodic snapshot of the day, not the day's start
            try (Relay late = new Relay(new DataCatalog(data), Relay.Settings.defaults(), System::currentTimeMillis).start();
                 ApiServer lateServer = new ApiServer(api, List.of(new RelayRoute(late, api),
                         new RestRoutes(late, System::currentTimeMillis, api.maxSymbols()))).start()) {
                for (Exchange e : SYMBOLS.keySet()) {
                    URI uri = URI.create("http://127.0.0.1:" + lateServer.port() + "/book?exchange=" + e.id() + "&symbol="
                            + SymbolFs.of(e, SYMBOLS.get(e)) + "&depth=20");
                    waitFor(() -> {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 200) {
                            lateBooks.put(e, JSON.readTree(r.body()));
                        }
                        // STOPPED: every line the recorder wrote before its stop was read
                        return r.statusCode() == 200 && lateBooks.get(e).get("state").asText().equals("STOPPED");
                    }, 30, e + ": /book of a relay started after the recording, STOPPED");
                    try (RelayTestClient c = connect(lateServer.port(), e, SYMBOLS.get(e))) {
                        waitFor(() -> c.snapshot().size() >= 2, 30, e + ": a late relay client's first messages");
                        Thread.sleep(500);
                        lateFirst.put(e, c.snapshot());
                    }
                }
                // one connection names symbols of every exchange (exchange:SYMBOL): each book as its own client got it
                String all = SYMBOLS.entrySet().stream().map(x -> x.getKey().id() + ":" + x.getValue()).collect(java.util.stream.Collectors.joining(","));
                try (RelayTestClient c = new RelayTestClient("ws://127.0.0.1:" + lateServer.port() + "/ws?symbols="
                        + java.net.URLEncoder.encode(all, java.nio.charset.StandardCharsets.UTF_8))) {
                    waitFor(() -> c.snapshot().stream().filter(m -> m.get("type").asText().equals("book")).count() == SYMBOLS.size(), 30,
                            "a book of each exchange on one connection");
                    for (Exchange e : SYMBOLS.keySet()) {
                        JsonNode own = lateFirst.get(e).stream().filter(m -> m.get("type").asText().equals("book")).findFirst().orElseThrow();
                        assertThat(c.snapshot().stream().filter(m -> m.get("type").asText().equals("book") && m.get("exchange").asText().equals(e.id())))
                                .as(e + ": the book on the shared connection").containsExactly(own);
                    }
                }
            }
        } catch (Exception | AssertionError x) {
            try {
                job.cancel();
            } catch (RuntimeException finished) {
                x.addSuppressed(finished); // the job had ended: the failure above is what counts
            }
            throw x;
        } finally {
            sim.simulator().resume();
            clients.values().forEach(RelayTestClient::close);
            server.close();
            relay.close();
        }

        for (Exchange e : SYMBOLS.keySet()) {
            String what = e.id() + ":" + SYMBOLS.get(e);
            TreeMap<Long, LiveLine> lines = liveLines(data, e);
            TreeMap<Long, CSVRecord> frames = frames(data, e);
            List<JsonNode> msgs = clients.get(e).snapshot();
            assertThat(msgs.get(0).get("type").asText()).as(what + " first message").isIn("book", "resync");
            long first = msgs.get(0).get("recv_seq").asLong();
            Map<Long, List<Long>> newTrades = newTrades(e, lines);
            List<Long> received = new ArrayList<>();
            ClientBook book = new ClientBook();
            int levels = e == Exchange.KRAKEN ? 10 : 20;
            int compared = 0;
            int resyncs = 0;
            List<String> problems = new ArrayList<>();
            JsonNode stopped = null;
            for (JsonNode m : msgs) {
                if (stopped != null) {
                    problems.add("a message after 'stopped': " + m);
                }
                assertThat(m.get("v").asInt()).isEqualTo(1);
                switch (m.get("type").asText()) {
                    case "book" -> {
                        book.take(m);
                        CSVRecord f = frames.get(m.get("recv_seq").asLong());
                        if (f != null) {
                            problems.addAll(book.differences(f, levels).stream().map(p -> "book at " + m.get("recv_seq") + ": " + p).toList());
                        }
                    }
                    case "resync" -> {
                        book.valid = false;
                        resyncs++;
                        java.util.regex.Matcher said = java.util.regex.Pattern.compile("\\(epoch (\\d+)\\)").matcher(m.get("reason").asText());
                        if (said.find() && m.get("epoch").asInt() != Integer.parseInt(said.group(1))) {
                            problems.add("a resync's epoch is not the one its reason names: " + m);
                        }
                    }
                    case "diff", "trade" -> {
                        long seq = m.get("recv_seq").asLong();
                        received.add(seq);
                        if (m.get("type").asText().equals("trade")) {
                            List<Long> ids = new ArrayList<>();
                            m.get("trades").forEach(t -> ids.add(t.get("id").asLong()));
                            if (!ids.equals(newTrades.get(seq))) {
                                problems.add("recv_seq " + seq + ": trades " + ids + ", of which new: " + newTrades.get(seq));
                            }
                        }
                        if (m.get("type").asText().equals("diff") && book.valid && m.get("applied").asBoolean()) {
                            book.apply(m);
                            CSVRecord f = frames.get(seq);
                            if (f == null) {
                                problems.add("recv_seq " + seq + ": applied by the relay, but the recorder wrote no frame");
                            } else {
                                compared++;
                                if (m.get("epoch").asInt() != Integer.parseInt(f.get("epoch"))) {
                                    problems.add("recv_seq " + seq + ": epoch " + m.get("epoch") + ", the recorder's frame says " + f.get("epoch"));
                                }
                                problems.addAll(book.differences(f, levels).stream().map(p -> "recv_seq " + seq + ": " + p).toList());
                            }
                        }
                    }
                    case "stopped" -> stopped = m;
                    default -> problems.add("unexpected message " + m);
                }
            }
            List<Long> expected = lines.tailMap(first, false).values().stream().filter(l -> l.diff() || newTrades.containsKey(l.seq()))
                    .map(LiveLine::seq).toList();
            assertThat(received).as(what + ": every diff line and every trades line with a trade not sent before, after the first message, "
                    + "in order, once").containsExactlyElementsOf(expected);
            assertThat(newTrades.values().stream().mapToInt(List::size).sum()).as(what + ": trades relayed").isGreaterThan(20);
            if (e == Exchange.BITFINEX) {
                assertThat(lines.values().stream().filter(l -> !l.diff() && !newTrades.containsKey(l.seq())).count())
                        .as(what + ": tu lines, each a trade its te line carried, not sent").isGreaterThan(20);
            }
            assertThat(problems).as(what + ": the client's book against the recorder's frames").isEmpty();
            assertThat(compared).as(what + " frames compared").isGreaterThan(200);
            assertThat(resyncs).as(what + ": the restart made the client take a new book").isGreaterThanOrEqualTo(1);
            assertThat(lines.values().stream().map(LiveLine::attempt).distinct()).isNotEmpty();
            assertThat(rotated(data, e)).as(what + " live files rotated").isGreaterThanOrEqualTo(2);
            // the clean stop reached the client as the last message: the book as of the last line, and when it stopped
            Path newestDay = days(data, e).get(days(data, e).size() - 1);
            CSVRecord runEnd = rows(newestDay.resolve("events_" + SymbolFs.of(e, SYMBOLS.get(e)) + "_" + newestDay.getFileName() + ".csv.gz"))
                    .stream().filter(r -> r.get("type").equals("run_end")).reduce((a, b) -> b).orElseThrow();
            assertThat(stopped).as(what + ": 'stopped' after the clean stop").isNotNull();
            assertThat(stopped.get("recv_seq").asLong()).as(what + ": 'stopped' as of the last line").isEqualTo(lines.lastKey());
            assertThat(stopped.get("ts_us").asLong()).as(what + ": 'stopped' at run_end's time").isEqualTo(Long.parseLong(runEnd.get("ts_us")));
            assertThat(lateFirst.get(e).stream().map(m -> m.get("type").asText()).toList())
                    .as(what + ": a client of a relay started after the stop").containsExactly("book", "stopped");
            JsonNode rest = restBooks.get(e);
            // the book as of /book's recv_seq is the recorder's latest frame at or before it (trades and checksum-only
            // frames change no book)
            Map.Entry<Long, CSVRecord> latest = frames.floorEntry(rest.get("recv_seq").asLong());
            assertThat(latest).as(what + ": a recorder frame at or before /book's recv_seq " + rest.get("recv_seq")).isNotNull();
            CSVRecord f = latest.getValue();
            ClientBook rb = new ClientBook();
            rb.take(withDepth(rest));
            assertThat(rb.differences(f, levels)).as(what + ": /book against the recorder's frame").isEmpty();
            assertThat(rest.get("epoch").asInt()).isEqualTo(Integer.parseInt(f.get("epoch")));
            JsonNode late = lateBooks.get(e);
            CSVRecord lastFrame = frames.lastEntry().getValue();
            assertThat(late.get("recv_seq").asLong()).as(what + ": the late relay's book is as of the last line").isGreaterThanOrEqualTo(frames.lastKey());
            ClientBook lb = new ClientBook();
            lb.take(withDepth(late));
            assertThat(lb.differences(lastFrame, levels)).as(what + ": a late relay's /book against the recorder's last frame").isEmpty();
            Path newest = days(data, e).get(days(data, e).size() - 1);
            List<CSVRecord> periodic = rows(newest.resolve("events_" + SymbolFs.of(e, SYMBOLS.get(e)) + "_" + newest.getFileName() + ".csv.gz"))
                    .stream().filter(r -> r.get("tag").equals("periodic")).toList();
            assertThat(periodic).as(what + ": periodic snapshots in the newest day").isNotEmpty();
            List<CSVRecord> starts = rows(newest.resolve("events_" + SymbolFs.of(e, SYMBOLS.get(e)) + "_" + newest.getFileName() + ".csv.gz"))
                    .stream().filter(r -> r.get("type").equals("run_start")).toList();
            assertThat(starts).as(what + ": the fresh run numbered on in the newest day").anyMatch(r -> r.get("details").contains("continues_recv_seq"));
        }
    }

    /** Every symbol's ledger, short: for messages. */
    private static String ledgers(Path data) {
        StringBuilder b = new StringBuilder();
        for (Exchange e : SYMBOLS.keySet()) {
            try {
                for (Path day : days(data, e)) {
                    Path f = day.resolve("events_" + SymbolFs.of(e, SYMBOLS.get(e)) + "_" + day.getFileName() + ".csv.gz");
                    if (!Files.exists(f)) {
                        continue;
                    }
                    b.append("\n").append(e.id()).append(' ').append(day.getFileName()).append(':');
                    for (CSVRecord r : rows(f)) {
                        if (!r.get("type").equals("heartbeat")) {
                            b.append("\n  ").append(r.get("recv_seq")).append(' ').append(r.get("type")).append(' ').append(r.get("state"))
                                    .append(" e").append(r.get("epoch")).append(' ').append(r.get("tag")).append(' ')
                                    .append(r.get("details"), 0, Math.min(120, r.get("details").length()));
                        }
                    }
                }
            } catch (IOException x) {
                b.append(x);
            }
        }
        return b.toString();
    }

    private static JsonNode withDepth(JsonNode rest) {
        com.fasterxml.jackson.databind.node.ObjectNode o = rest.deepCopy();
        o.putNull("depth");
        return o;
    }

    /** How many books the client was given. */
    private static int books(RelayTestClient c) {
        return (int) c.snapshot().stream().filter(m -> m.get("type").asText().equals("book")).count();
    }

    private static boolean bookAfterRestart(RelayTestClient c) {
        List<JsonNode> m = c.snapshot();
        boolean resync = false;
        for (JsonNode n : m) {
            if (n.get("type").asText().equals("resync")) {
                resync = true;
            } else if (resync && n.get("type").asText().equals("book")) {
                return true;
            }
        }
        return false;
    }

    private static RelayTestClient connect(int port, Exchange e, String symbol) throws Exception {
        String uri = "ws://127.0.0.1:" + port + "/ws?exchange=" + e.id() + "&symbol=" + java.net.URLEncoder.encode(symbol,
                java.nio.charset.StandardCharsets.UTF_8);
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            try {
                return new RelayTestClient(uri);
            } catch (Exception x) {
                if (System.currentTimeMillis() > deadline) {
                    throw x;
                }
                Thread.sleep(200); // 404 until the recorder's first files exist
            }
        }
    }

    public interface Condition {
        boolean holds() throws Exception;
    }

    public static void waitFor(Condition c, int seconds, String what) throws Exception {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (!c.holds()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("no " + what + " within " + seconds + " s");
            }
            Thread.sleep(200);
        }
    }

    private static Path symbolDir(Path data, Exchange e) {
        return data.resolve(e.id()).resolve(SymbolFs.of(e, SYMBOLS.get(e)));
    }

    private static List<Path> days(Path data, Exchange e) throws IOException {
        Path d = symbolDir(data, e);
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.filter(p -> p.getFileName().toString().matches("\\d{8}")).sorted().toList();
        }
    }

    /**
     * The trades lines that carry a trade no earlier line did (Bitfinex's {@code tu} repeats its {@code te}; a snapshot
     * after a resubscribe repeats recent trades): by recv_seq, the ids of those trades, ascending.
     */
    static Map<Long, List<Long>> newTrades(Exchange e, TreeMap<Long, LiveLine> lines) throws IOException {
        java.util.Set<Long> seen = new java.util.HashSet<>();
        Map<Long, List<Long>> out = new HashMap<>();
        for (LiveLine l : lines.values()) {
            if (l.diff()) {
                continue;
            }
            JsonNode raw = JSON.readTree(l.raw());
            // the subscription's first trades message lists trades from before anyone listened: none of them is sent
            boolean snapshot = e == Exchange.KRAKEN ? raw.path("type").asText().equals("snapshot") : e == Exchange.BITFINEX && raw.get(1).isArray();
            List<Long> ids = new ArrayList<>();
            switch (e) {
                case BINANCE -> ids.add((raw.has("data") ? raw.get("data") : raw).get("t").asLong());
                case KRAKEN -> raw.get("data").forEach(t -> ids.add(t.get("trade_id").asLong()));
                case BITFINEX -> {
                    if (raw.get(1).isTextual() && raw.get(1).asText().matches("te|tu")) {
                        ids.add(raw.get(2).get(0).asLong());
                    } else if (raw.get(1).isArray()) {
                        raw.get(1).forEach(t -> ids.add(t.get(0).asLong()));
                    }
                }
            }
            if (snapshot && seen.isEmpty()) {
                seen.addAll(ids);
                continue;
            }
            List<Long> fresh = ids.stream().filter(seen::add).sorted().toList();
            if (!fresh.isEmpty()) {
                out.put(l.seq(), fresh);
            }
        }
        return out;
    }

    /** Every live line of every day, by recv_seq (days overlap: the same line is in both). */
    static TreeMap<Long, LiveLine> liveLines(Path data, Exchange e) throws IOException {
        TreeMap<Long, LiveLine> out = new TreeMap<>();
        for (Path day : days(data, e)) {
            Path live = day.resolve("live");
            if (!Files.isDirectory(live)) {
                continue;
            }
            try (Stream<Path> s = Files.list(live)) {
                for (Path f : s.toList()) {
                    boolean diff = f.getFileName().toString().startsWith("live_depth_diffs");
                    for (String line : Files.readAllLines(f)) {
                        LiveLine l = LiveLine.parse(line, diff);
                        assertThat(l).as(f + ": " + line).isNotNull();
                        out.put(l.seq(), l);
                    }
                }
            }
        }
        return out;
    }

    private static long rotated(Path data, Exchange e) throws IOException {
        long n = 0;
        for (Path day : days(data, e)) {
            try (Stream<Path> s = Files.list(day.resolve("live"))) {
                n += s.filter(p -> p.getFileName().toString().matches(".*\\.\\d{8}T\\d{6}\\.\\d{3}Z\\.ndjson")).count();
            }
        }
        return n;
    }

    private static TreeMap<Long, CSVRecord> frames(Path data, Exchange e) throws IOException {
        TreeMap<Long, CSVRecord> out = new TreeMap<>();
        for (Path day : days(data, e)) {
            Path f = day.resolve("orderbook_ws_depth_" + SymbolFs.of(e, SYMBOLS.get(e)) + "_" + day.getFileName() + ".csv.gz");
            if (Files.exists(f)) {
                for (CSVRecord r : rows(f)) {
                    out.put(Long.parseLong(r.get("recv_seq")), r);
                }
            }
        }
        return out;
    }
}
