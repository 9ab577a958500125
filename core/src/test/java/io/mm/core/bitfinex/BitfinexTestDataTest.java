package io.mm.core.bitfinex;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm.core.TestData;
import io.mm.core.book.LocalOrderBook;
import io.mm.core.book.Side;
import io.mm.core.feed.FrameKind;
import io.mm.core.num.NumberText;
import io.mm.core.num.NumberToken;
import io.mm.core.sync.SyncOutcome;
import io.mm.core.sync.SyncState;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** Bitfinex's published checksum vectors and the real tXRPBTC session, through the real parser and engine. */
class BitfinexTestDataTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void publishedVectorsOfPriceBooks() throws Exception {
        JsonNode doc = JSON.readTree(TestData.read("bitfinex/checksum_vectors.json"));
        int checked = 0;
        for (JsonNode v : doc.get("vectors")) {
            if (v.get("name").asText().startsWith("raw R0")) {
                continue; // raw books, below
            }
            LocalOrderBook book = new LocalOrderBook();
            add(book, v.get("bids"));
            add(book, v.get("asks"));
            BitfinexChecksum cs = new BitfinexChecksum();
            assertThat(cs.checksumString(book)).as(v.get("name").asText()).isEqualTo(v.get("string").asText());
            assertThat(cs.compute(book)).as(v.get("name").asText()).isEqualTo(v.get("expected_checksum_signed_int32").asInt());
            checked++;
        }
        assertThat(checked).isEqualTo(3);
    }

    @Test
    void rawOrderBookVectorHashesOrderIdsInPlaceOfPrices() throws Exception {
        // R0 books (one entry per order) hash ORDER_ID:AMOUNT. The recorder subscribes P0 price books only;
        // this checks the same string rule and signed CRC32 on the published R0 vector.
        JsonNode v = null;
        for (JsonNode x : JSON.readTree(TestData.read("bitfinex/checksum_vectors.json")).get("vectors")) {
            if (x.get("name").asText().startsWith("raw R0")) {
                v = x;
            }
        }
        assertThat(v).isNotNull();
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 25; i++) {
            for (String side : List.of("bids", "asks")) {
                JsonNode levels = v.get(side);
                if (i < levels.size()) {
                    if (s.length() > 0) {
                        s.append(':');
                    }
                    s.append(levels.get(i).get(0).asText()).append(':').append(levels.get(i).get(2).asText());
                }
            }
        }
        assertThat(s.toString()).isEqualTo(v.get("string").asText());
        CRC32 crc = new CRC32();
        crc.update(s.toString().getBytes(StandardCharsets.US_ASCII));
        assertThat((int) crc.getValue()).isEqualTo(v.get("expected_checksum_signed_int32").asInt());
    }

    @Test
    void textsReusedFromThePreviousChecksumNeverChangeTheResult() {
        // one checksum instance kept across thousands of changes (reusing the previous string's texts, as in a
        // SYNCED engine) against a fresh one each time: inserts and deletes shift ranks, the same numbers arrive
        // written differently, and a finer price scale arrives midway
        Random r = new Random(11);
        LocalOrderBook book = new LocalOrderBook();
        BitfinexChecksum kept = new BitfinexChecksum();
        NumberToken px = new NumberToken();
        NumberToken amt = new NumberToken();
        String[] same = {"0.001", "1e-3", "0.0010", "0.5", "5e-1"};
        for (int step = 0; step < 20_000; step++) {
            boolean bid = r.nextBoolean();
            int ticks = r.nextInt(60);
            String price = step < 10_000
                    ? (bid ? 30_000 - ticks : 30_001 + ticks) + "." + r.nextInt(10)
                    : (bid ? 30_000 - ticks : 30_001 + ticks) + "." + String.format("%03d", r.nextInt(1000));
            if (r.nextInt(4) == 0) {
                price = price + "0"; // the same price with one more digit sent
            }
            String amount = r.nextInt(6) == 0 ? "0" : r.nextInt(3) == 0 ? same[r.nextInt(same.length)]
                    : r.nextInt(5) == 0 ? (1 + r.nextInt(9)) + "e-" + (5 + r.nextInt(4))
                    : (1 + r.nextInt(50)) + "." + String.format("%05d", r.nextInt(100_000));
            assertThat(px.parse(price)).isTrue();
            assertThat(amt.parse(amount)).isTrue();
            Side side = bid ? Side.BID : Side.ASK;
            if (amt.unscaled == 0) {
                book.remove(side, px.unscaled, px.format);
            } else {
                assertThat(book.set(side, px.unscaled, px.format, amt.unscaled, amt.format, 1)).isTrue();
            }
            assertThat(kept.compute(book)).as("step %d", step).isEqualTo(new BitfinexChecksum().compute(book));
            if (step % 1000 == 0) {
                assertThat(kept.checksumString(book)).isEqualTo(new BitfinexChecksum().checksumString(book));
            }
        }
    }

    private static void add(LocalOrderBook book, JsonNode levels) {
        NumberToken px = new NumberToken();
        NumberToken amt = new NumberToken();
        for (JsonNode l : levels) {
            assertThat(px.parse(l.get(0).asText())).isTrue();
            assertThat(amt.parse(l.get(2).asText())).isTrue();
            Side side = amt.unscaled > 0 ? Side.BID : Side.ASK;
            assertThat(book.set(side, px.unscaled, px.format, Math.abs(amt.unscaled), NumberText.withoutSign(amt.format), l.get(1).asInt()))
                    .isTrue();
        }
    }

    @Test
    void realXrpBtcSessionVerifiesOverTheNumbersAsSent() {
        List<String> frames = TestData.read("bitfinex/real_book_xrpbtc_with_checksum.ndjson").lines().toList();
        BitfinexParser p = new BitfinexParser();
        BitfinexChecksumEngine engine = new BitfinexChecksumEngine(25);
        assertThat(p.parse(frames.get(0))).isEqualTo(FrameKind.CONF);
        assertThat(p.flags()).isEqualTo(BitfinexParser.FLAG_CHECKSUM);
        assertThat(p.parse(frames.get(1))).isEqualTo(FrameKind.SUBSCRIBED);
        assertThat(p.symbol()).isEqualTo("tXRPBTC");
        engine.subscribed("subscribed");

        assertThat(p.parse(frames.get(2))).isEqualTo(FrameKind.DEPTH_SNAPSHOT);
        assertThat(p.depth().levels()).isEqualTo(43);
        assertThat(engine.onSnapshot(p.depth(), false)).isEqualTo(SyncOutcome.SNAPSHOT_APPLIED);
        assertThat(engine.book().depth(Side.BID)).isEqualTo(18);
        assertThat(engine.book().depth(Side.ASK)).isEqualTo(25);

        assertThat(p.parse(frames.get(3))).isEqualTo(FrameKind.DEPTH_UPDATE);
        assertThat(engine.onUpdate(p.depth())).isEqualTo(SyncOutcome.PENDING);

        assertThat(p.parse(frames.get(4))).isEqualTo(FrameKind.CHECKSUM);
        assertThat(p.depth().checksum).isEqualTo(-1175357890L);
        assertThat(engine.onUpdate(p.depth())).isEqualTo(SyncOutcome.SYNCED);
        assertThat(engine.state()).isEqualTo(SyncState.SYNCED);
        // the bid 7e-7 is hashed as sent
        assertThat(new BitfinexChecksum().checksumString(engine.book())).contains(":7e-7:10000:");
    }

    @Test
    void expandingExponentsGivesTheWrongChecksum() {
        // the same book with 7e-7 written 0.0000007 hashes to 1293492257, not the server's -1175357890
        List<String> frames = TestData.read("bitfinex/real_book_xrpbtc_with_checksum.ndjson").lines().toList();
        BitfinexParser p = new BitfinexParser();
        for (int i = 0; i < 2; i++) {
            p.parse(frames.get(i));
        }
        String expanded = frames.get(2).replace("7e-7", "0.0000007").replace("6.6e-7", "0.00000066").replace("6e-7", "0.0000006")
                .replace("4.9e-7", "0.00000049").replace("2.5e-7", "0.00000025").replace("6e-8", "0.00000006")
                .replace("5e-8", "0.00000005").replace("1e-8", "0.00000001");
        assertThat(p.parse(expanded)).isEqualTo(FrameKind.DEPTH_SNAPSHOT);
        LocalOrderBook book = new LocalOrderBook();
        p.depth().applyTo(book);
        p.parse(frames.get(3));
        p.depth().applyTo(book);
        assertThat(new BitfinexChecksum().compute(book)).isEqualTo(1293492257);
    }
}
