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
