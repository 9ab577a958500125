package io.mm.api.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm.api.catalog.DataCatalog;
import io.mm.api.rest.RestRoutes;
import io.mm.api.server.ApiServer;
import io.mm.api.server.ApiSettings;
import io.mm.core.contract.ContractFile;
import io.mm.sinks.live.LiveFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay's server against slow and hostile clients, over loopback, fed by the recorder's own live-file
 * writer: a client that stops reading is dropped while a fast one receives every line; every bad request gets
 * its 4xx with a message; tokens, origins, the client limit, pings and the idle timeout.
 */
class RelayClientsITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A Binance symbol's live lines as the recorder writes them (day 20240101), with a raw frame of about {@code pad} bytes. */
    static final class Writer implements AutoCloseable {
        final LiveFiles files;
        final String symbol;
        final String diffs;
        final String trades;
        long seq;
        long recvAgoMs; // how long before now the recorder received what the next lines carry

        Writer(Path data) {
            this(data, "BTCUSDT");
        }

        Writer(Path data, String symbol) {
            this.files = new LiveFiles(data, 3600, 3600, System::currentTimeMillis);
            this.symbol = symbol;
            this.diffs = "binance/" + symbol + "/20240101/live/live_depth_diffs.ndjson";
            this.trades = "binance/" + symbol + "/20240101/live/live_trades.ndjson";
        }

        void lines(int n, int pad) throws IOException {
            String filler = "x".repeat(pad);
            for (int i = 0; i < n; i++) {
                seq++;
                long ts = (System.currentTimeMillis() - recvAgoMs) * 1000;
                if (seq % 5 == 0) {
                    files.append(trades, ("{\"recv_seq\":" + seq + ",\"recv_ts_us\":" + ts + ",\"exchange\":\"binance\",\"symbol\":\"" + symbol + "\","
                            + "\"attempt\":0,\"raw\":{\"e\":\"trade\",\"E\":1,\"s\":\"" + symbol + "\",\"t\":" + seq + ",\"p\":\"100.0\",\"q\":\"1.0\","
                            + "\"T\":1,\"m\":true,\"pad\":\"" + filler + "\"}}\n").getBytes(StandardCharsets.UTF_8));
                } else {
                    files.append(diffs, diff(ts, filler).getBytes(StandardCharsets.UTF_8));
                }
            }
            files.flush();
        }

        /**
         * {@code n} diffs the recorder committed to the day's diffs file, numbered before the live lines to come, and a
         * ledger from a run's start up to the last of them: a relay starting now rebuilds the book from all of them.
         */
        void committed(Path data, int n) throws IOException {
            Path day = data.resolve("binance/" + symbol + "/20240101");
            Path f = day.resolve(ContractFile.DEPTH_DIFFS.relativePath(symbol, "20240101"));
            Files.createDirectories(f.getParent());
            try (java.io.Writer out = new java.io.OutputStreamWriter(new java.util.zip.GZIPOutputStream(Files.newOutputStream(f), 1 << 16),
                    StandardCharsets.UTF_8)) {
                for (int i = 0; i < n; i++) {
                    seq++;
                    out.write(diff(System.currentTimeMillis() * 1000, ""));
                }
            }
            Path events = day.resolve(ContractFile.EVENTS.relativePath(symbol, "20240101"));
            Files.createDirectories(events.getParent());
            try (OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(events))) {
                out.write((String.join(",", ContractFile.EVENTS_COLUMNS) + "\n1,1,0,r1,1,run_start,CONNECTING,,{}\n2,2," + seq
                        + ",r1,1,heartbeat,CONNECTING,,{}\n").getBytes(StandardCharsets.UTF_8));
            }
        }

        private String diff(long ts, String filler) {
            return "{\"recv_seq\":" + seq + ",\"recv_ts_us\":" + ts + ",\"exchange\":\"binance\",\"symbol\":\"" + symbol + "\","
                    + "\"E\":1,\"U\":" + seq + ",\"u\":" + seq + ",\"b\":[[\"100.0\",\"1.0\"]],\"a\":[],\"checksum\":null,\"attempt\":0,"
                    + "\"raw\":{\"e\":\"depthUpdate\",\"E\":1,\"s\":\"" + symbol + "\",\"U\":" + seq + ",\"u\":" + seq
                    + ",\"b\":[[\"100.0\",\"1.0\"]],\"a\":[],\"pad\":\"" + filler + "\"}}\n";
        }

        @Override
        public void close() throws IOException {
            files.close();
        }
    }

    private static final class Server implements AutoCloseable {
        final Relay relay;
        final ApiServer api;

        Server(Path data, ApiSettings s) throws InterruptedException {
            DataCatalog catalog = new DataCatalog(data);
            catalog.refresh();
            relay = new Relay(catalog, Relay.Settings.defaults(), System::currentTimeMillis).start();
            api = new ApiServer(s, List.of(new RelayRoute(relay, s), new RestRoutes(relay, System::currentTimeMillis, s.maxSymbols()))).start();
        }

        String ws(String query) {
            return "ws://127.0.0.1:" + api.port() + query;
        }

        @Override
        public void close() {
            api.close();
            relay.close();
        }
    }

    /** A client that takes every message as it comes. */
    static final class Client implements WebSocket.Listener {
        final List<JsonNode> messages = Collections.synchronizedList(new ArrayList<>());
        final StringBuilder partial = new StringBuilder();
        volatile int closeCode = -1;
        WebSocket ws;

        @Override
        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    messages.add(JSON.readTree(partial.toString()));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                partial.setLength(0);
            }
            w.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
            closeCode = code;
            return null;
        }

        long lastSeq() {
            synchronized (messages) {
                for (int i = messages.size() - 1; i >= 0; i--) {
                    JsonNode m = messages.get(i);
                    if (m.path("type").asText().matches("diff|trade")) {
                        return m.get("recv_seq").asLong();
                    }
                }
            }
            return -1;
        }
    }

    static Client connect(String uri, String... headers) throws Exception {
        Client c = new Client();
        WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        c.ws = b.buildAsync(URI.create(uri), c).get(10, TimeUnit.SECONDS);
        return c;
    }

    /** The status a WebSocket upgrade was refused with. */
    private static int refused(String uri, String... headers) throws Exception {
        try {
            connect(uri, headers).ws.abort();
            return 101;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                String body = String.valueOf(h.getResponse().body());
                assertThat(body).as(uri).doesNotContain("Exception").doesNotContain("\tat ");
                return h.getResponse().statusCode();
            }
            throw e;
        }
    }

    private static HttpResponse<String> get(Server s, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.api.port() + path));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A raw WebSocket client: the handshake, then nothing (neither reading nor answering pings). */
    private static Socket rawClient(int port, String query, int receiveBuffer) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(receiveBuffer);
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        String key = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        OutputStream out = s.getOutputStream();
        out.write(("GET " + query + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = s.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("closed during the handshake: " + head);
            }
            head.append((char) c);
        }
        assertThat(head.toString()).startsWith("HTTP/1.1 101");
        return s;
    }

    /** Every text frame a raw client can still read, until the server closes the connection. */
    private static List<String> drain(Socket s, int timeoutMs) throws IOException {
        s.setSoTimeout(timeoutMs);
        InputStream in = new java.io.BufferedInputStream(s.getInputStream(), 1 << 16);
        List<String> out = new ArrayList<>();
        try {
            while (true) {
                int b0 = in.read();
                if (b0 < 0) {
                    return out;
                }
                int b1 = in.read();
                long len = b1 & 0x7f;
                if (len == 126) {
                    len = (in.read() << 8) | in.read();
                } else if (len == 127) {
                    len = 0;
                    for (int i = 0; i < 8; i++) {
                        len = (len << 8) | in.read();
                    }
                }
                byte[] p = in.readNBytes((int) len);
                if ((b0 & 0x0f) == 1) {
                    out.add(new String(p, StandardCharsets.UTF_8));
                } else if ((b0 & 0x0f) == 8) {
                    out.add("<close>");
                }
            }
        } catch (java.net.SocketTimeoutException e) {
            out.add("<timeout>");
            return out;
        } catch (java.net.SocketException e) {
            return out;
        }
    }

    @Test
    void aClientThatStopsReadingIsDroppedWhileAFastOneGetsEveryLine(@TempDir Path data) throws Exception {
        ApiSettings settings = new ApiSettings("127.0.0.1", 0, null, List.of(), 100, 20, 2048, 20, 60, 1 << 20);
        try (Writer w = new Writer(data)) {
            w.lines(10, 10);
            try (Server s = new Server(data, settings)) {
                Client fast = connect(s.ws("/ws?exchange=binance&symbol=BTCUSDT&raw=1"));
                Socket slow = rawClient(s.api.port(), "/ws?exchange=binance&symbol=BTCUSDT&raw=1", 4096);
                Thread.sleep(300);
                // about 2 MB/s for 15 s: far more than a client that reads nothing can buffer, little for one that reads
                for (int round = 0; round < 1000; round++) {
                    w.lines(30, 1000);
                    Thread.sleep(15);
                }
                long last = w.seq;
                long deadline = System.currentTimeMillis() + 60_000;
                while (fast.lastSeq() < last && System.currentTimeMillis() < deadline) {
                    Thread.sleep(50);
                }
                List<Long> seqs = new ArrayList<>();
                long first = Math.max(0, fast.messages.get(0).get("recv_seq").asLong()); // the first message: what it covers
                synchronized (fast.messages) {
                    for (JsonNode m : fast.messages) {
                        assertThat(m.get("type").asText()).isNotEqualTo("dropped");
                        if (m.get("type").asText().matches("diff|trade")) {
                            seqs.add(m.get("recv_seq").asLong());
                        }
                    }
                }
                assertThat(seqs).as("the fast client: every line once, in order").containsExactlyElementsOf(
                        java.util.stream.LongStream.rangeClosed(first + 1, last).boxed().toList());
                assertThat(s.relay.droppedClients()).as("the slow client was dropped").isEqualTo(1);
                List<String> slowGot = drain(slow, 20_000);
                assertThat(slowGot).as("the slow client's stream ends with 'dropped' and a close").isNotEmpty();
                assertThat(slowGot.get(slowGot.size() - 1)).isEqualTo("<close>");
                assertThat(slowGot.get(slowGot.size() - 2)).contains("\"type\":\"dropped\"");
                JsonNode health = JSON.readTree(get(s, "/health").body());
                assertThat(health.get("clients_dropped").asLong()).isEqualTo(1);
                fast.ws.abort();
                slow.close();
            }
        }
    }

    @Test
    void healthCallsASymbolSilentWhenItsNewestLineWasReceivedOverAMinuteAgoEvenIfJustRead(@TempDir Path data) throws Exception {
        try (Writer w = new Writer(data)) {
            w.recvAgoMs = 300_000; // what a recorder stopped five minutes ago left
            w.lines(10, 10);
            ApiSettings settings = ApiSettings.defaults(0);
            try (Server s = new Server(data, settings)) {
                JsonNode sym = awaitHealth(s, h -> h.path("symbols").path(0).has("silent")).path("symbols").path(0);
                assertThat(sym.get("silent").asBoolean()).as(sym.toString()).isTrue();
                assertThat(sym.get("seconds_since_last_recv").asDouble()).isGreaterThanOrEqualTo(300);
                assertThat(sym.get("seconds_since_last_line").asDouble()).isLessThan(60);
                w.recvAgoMs = 0; // the recorder is back
                w.lines(10, 10);
                JsonNode after = awaitHealth(s, h -> !h.path("symbols").path(0).path("silent").asBoolean(true));
                assertThat(after.path("symbols").path(0).get("seconds_since_last_recv").asDouble()).isLessThan(60);
            }
        }
    }

    @Test
    void aSymbolWithoutLiveFilesThatAClientAskedForIsListedButLeavesTheHealthOk(@TempDir Path data) throws Exception {
        // an archived symbol: a day recorded without live files (LIVE_STREAM=0, or copied in from elsewhere)
        Path day = data.resolve("binance/ETHUSDT/20240101");
        Files.createDirectories(day);
        try (OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(day.resolve(ContractFile.EVENTS.relativePath("ETHUSDT",
                "20240101"))))) {
            out.write((String.join(",", ContractFile.EVENTS_COLUMNS) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        try (Server s = new Server(data, ApiSettings.defaults(0))) {
            assertThat(JSON.readTree(get(s, "/health").body()).get("status").asText()).isEqualTo("ok");
            HttpResponse<String> book = get(s, "/book?exchange=binance&symbol=ETHUSDT");
            assertThat(book.statusCode()).as("no book to answer").isEqualTo(503);
            assertThat(JSON.readTree(book.body()).get("state").asText()).isEqualTo("NOT_LIVE");
            JsonNode h = JSON.readTree(get(s, "/health").body());
            assertThat(h.get("status").asText()).as(h.toString()).isEqualTo("ok");
            assertThat(h.get("symbols")).singleElement().satisfies(e -> {
                assertThat(e.get("symbol").asText()).isEqualTo("ETHUSDT");
                assertThat(e.get("state").asText()).isEqualTo("NOT_LIVE");
                assertThat(e.get("reason").asText()).isEqualTo("no live files in the newest day");
            });
        }
    }

    private JsonNode awaitHealth(Server s, java.util.function.Predicate<JsonNode> until) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        JsonNode h = JSON.readTree(get(s, "/health").body());
        while (!until.test(h) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
            h = JSON.readTree(get(s, "/health").body());
        }
        assertThat(until.test(h)).as(h.toString()).isTrue();
        return h;
    }

    @Test
    void everyBadRequestGetsItsStatusWithAMessage(@TempDir Path data) throws Exception {
        try (Writer w = new Writer(data)) {
            w.lines(10, 10);
            ApiSettings settings = new ApiSettings("127.0.0.1", 0, null, List.of("http://allowed.example"), 2, 3, 2048, 20, 60, 1 << 20);
            try (Server s = new Server(data, settings)) {
                assertThat(refused(s.ws("/ws?exchange=binance&symbol=../../etc"))).isEqualTo(400);
                assertThat(refused(s.ws("/ws?exchange=binance&symbol=%2E%2E%2Fetc%2Fpasswd"))).isEqualTo(400);
                assertThat(refused(s.ws("/ws?exchange=nasdaq&symbol=BTCUSDT"))).isEqualTo(400);
                assertThat(refused(s.ws("/ws?exchange=kraken&symbol=BTC/USD"))).isEqualTo(404);
                assertThat(refused(s.ws("/ws?exchange=binance&symbol=ETHUSDT"))).isEqualTo(404);
                assertThat(refused(s.ws("/ws?exchange=binance"))).isEqualTo(400);
                assertThat(refused(s.ws("/ws?symbol=BTCUSDT"))).isEqualTo(400);
                assertThat(refused(s.ws("/ws?exchange=binance&symbols=A,B,C,D"))).isEqualTo(400);
                assertThat(refused(s.ws("/ws?exchange=binance&symbol=BTCUSDT&raw=maybe"))).as("a raw flag neither yes nor no").isEqualTo(400);
                assertThat(refused(s.ws("/ws?exchange=binance&symbol=BTCUSDT&pad=" + "x".repeat(3000)))).isEqualTo(414);
                assertThat(refused(s.ws("/nowhere?exchange=binance&symbol=BTCUSDT"))).isEqualTo(404);
                assertThat(refused(s.ws("/ws?exchange=binance&symbol=BTCUSDT"), "Origin", "http://evil.example")).isEqualTo(403);
                assertThat(refused(s.ws("/ws?exchange=binance&symbol=BTCUSDT"), "Origin", "http://allowed.example")).isEqualTo(101);

                HttpResponse<String> r = get(s, "/book?exchange=binance&symbol=ETHUSDT");
                assertThat(r.statusCode()).isEqualTo(404);
                assertThat(JSON.readTree(r.body()).get("error").asText()).contains("ETHUSDT");
                assertThat(get(s, "/book?exchange=binance&symbol=BTCUSDT&depth=abc").statusCode()).isEqualTo(400);
                assertThat(get(s, "/book?exchange=binance&symbol=BTCUSDT&depth=0").statusCode()).isEqualTo(400);
                assertThat(get(s, "/book?exchange=binance&symbol=BTCUSDT&depth=99999999999").body()).contains("must be between 1 and");
                assertThat(get(s, "/book?exchange=binance&symbol=BTCUSDT&symbol=BTCUSDT").statusCode()).isEqualTo(400);
                assertThat(get(s, "/book?exchange=binance&symbol=..%2F..%2Fetc").statusCode()).isEqualTo(400);
                // symbol characters that name no directory: an answer, not a dropped connection
                for (String nothing : List.of("%2F%2F%2F", "-", "binance%3A%2F")) {
                    HttpResponse<String> n = get(s, "/book?exchange=binance&symbol=" + nothing);
                    assertThat(n.statusCode()).as(nothing).isEqualTo(400);
                    assertThat(n.body()).contains("names no symbol");
                }
                assertThat(refused(s.ws("/ws?exchange=binance&symbol=%2F%2F%2F"))).isEqualTo(400);
                assertThat(get(s, "/ws?exchange=binance&symbol=BTCUSDT").statusCode()).isEqualTo(405);
                assertThat(get(s, "/symbols").statusCode()).isEqualTo(200);
                JsonNode symbols = JSON.readTree(get(s, "/symbols").body());
                assertThat(symbols.get("symbols").get(0).get("symbol_fs").asText()).isEqualTo("BTCUSDT");
                assertThat(symbols.get("max_symbols_per_request").asInt()).as("what a page may name in one request").isEqualTo(3);

                // the client limit: two open, the third refused, the others undisturbed
                Client a = connect(s.ws("/ws?exchange=binance&symbol=BTCUSDT"));
                Client b = connect(s.ws("/ws?exchange=binance&symbol=btcusdt"));
                assertThat(refused(s.ws("/ws?exchange=binance&symbol=BTCUSDT"))).isEqualTo(503);
                w.lines(5, 10);
                long deadline = System.currentTimeMillis() + 10_000;
                while ((a.lastSeq() < w.seq || b.lastSeq() < w.seq) && System.currentTimeMillis() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(a.lastSeq()).isEqualTo(w.seq);
                assertThat(b.lastSeq()).isEqualTo(w.seq);
                a.ws.abort();
                b.ws.abort();
            }
        }
    }

    @Test
    void aTokenIsRequiredWhenSet(@TempDir Path data) throws Exception {
        try (Writer w = new Writer(data)) {
            w.lines(10, 10);
            ApiSettings settings = new ApiSettings("127.0.0.1", 0, "s3cret", List.of(), 10, 20, 2048, 20, 60, 1 << 20);
            try (Server s = new Server(data, settings)) {
                assertThat(refused(s.ws("/ws?exchange=binance&symbol=BTCUSDT"))).isEqualTo(401);
                assertThat(refused(s.ws("/ws?exchange=binance&symbol=BTCUSDT&token=wrong"))).isEqualTo(401);
                assertThat(refused(s.ws("/ws?exchange=binance&symbol=BTCUSDT&token=s3cret"))).isEqualTo(101);
                assertThat(refused(s.ws("/ws?exchange=binance&symbol=BTCUSDT"), "Authorization", "Bearer s3cret")).isEqualTo(101);
                assertThat(get(s, "/health").statusCode()).isEqualTo(401);
                assertThat(get(s, "/health", "Authorization", "Bearer s3cret").statusCode()).isEqualTo(200);
            }
        }
    }

    @Test
    void clientsArePingedAndSilentOnesClosed(@TempDir Path data) throws Exception {
        try (Writer w = new Writer(data)) {
            w.lines(10, 10);
            ApiSettings settings = new ApiSettings("127.0.0.1", 0, null, List.of(), 10, 20, 2048, 1, 3, 1 << 20);
            try (Server s = new Server(data, settings)) {
                Client answering = connect(s.ws("/ws?exchange=binance&symbol=BTCUSDT")); // the JDK client answers pings
                Socket silent = rawClient(s.api.port(), "/ws?exchange=binance&symbol=BTCUSDT", 1 << 16);
                List<String> got = drain(silent, 15_000);
                assertThat(got).as("the silent client is closed, not timed out").doesNotContain("<timeout>").contains("<close>");
                assertThat(answering.closeCode).as("the answering client is still open").isEqualTo(-1);
                w.lines(3, 10);
                long deadline = System.currentTimeMillis() + 10_000;
                while (answering.lastSeq() < w.seq && System.currentTimeMillis() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(answering.lastSeq()).isEqualTo(w.seq);
                answering.ws.abort();
                silent.close();
            }
        }
    }
}
