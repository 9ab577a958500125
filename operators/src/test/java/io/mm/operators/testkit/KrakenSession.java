package io.mm.operators.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm.core.Exchange;
import io.mm.core.feed.RawFrame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real Kraken BTC/USD WS v2 session of the shared test data, framed as the WebSocket source hands it to the
 * keyed operator: open, status, instrument snapshot, subscribe ack, book snapshot, 509 updates, a trade.
 */
public final class KrakenSession {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** 2023-07-30 15:30 UTC: the session's own time. */
    public static final long T0 = 1_690_731_000_000_000L;
    /** A clock driven to the session's time, for recorder settings. */
    public static final String CLOCK = "start=2023-07-30T15:30:00Z,speed=1";

    private KrakenSession() {}

    public static Path testdata() {
        return io.mm.core.TestData.dir();
    }

    public static List<RawFrame> frames() throws IOException {
        JsonNode s = JSON.readTree(Files.readString(testdata().resolve("kraken/real_book_v2_btcusd.json")));
        String instruments = Files.readString(testdata().resolve("kraken/instrument_snapshot.json"));
        List<RawFrame> frames = new ArrayList<>();
        long t = T0;
        frames.add(frame(RawFrame.Type.OPEN, t++, "wss://ws.kraken.com/v2"));
        frames.add(frame(RawFrame.Type.DATA, t++, "{\"channel\":\"status\",\"type\":\"update\",\"data\":[{\"version\":\"2.0.0\","
                + "\"system\":\"online\",\"api_version\":\"v2\",\"connection_id\":1}]}"));
        frames.add(frame(RawFrame.Type.DATA, t++, instruments));
        frames.add(frame(RawFrame.Type.DATA, t++, "{\"method\":\"subscribe\",\"result\":{\"channel\":\"book\",\"depth\":10,"
                + "\"snapshot\":true,\"symbol\":\"BTC/USD\"},\"success\":true,\"time_in\":\"x\",\"time_out\":\"y\",\"req_id\":1}"));
        frames.add(frame(RawFrame.Type.DATA, t++, JSON.writeValueAsString(s.get("init"))));
        for (JsonNode u : s.get("updates")) {
            frames.add(frame(RawFrame.Type.DATA, t++, JSON.writeValueAsString(u)));
        }
        frames.add(frame(RawFrame.Type.DATA, t++, "{\"channel\":\"trade\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\","
                + "\"side\":\"sell\",\"price\":29430.2,\"qty\":0.001,\"ord_type\":\"market\",\"trade_id\":71,"
                + "\"timestamp\":\"2023-07-30T15:30:49.123456Z\"}]}"));
        frames.add(frame(RawFrame.Type.DATA, t, "{\"channel\":\"book\",\"type\":\"update\",\"data\":[]}"));
        return frames;
    }

    public static RawFrame frame(RawFrame.Type type, long t, String text) {
        return new RawFrame(Exchange.KRAKEN, "BTC/USD", "kraken-0", 1, type, t, -1, text);
    }
}
