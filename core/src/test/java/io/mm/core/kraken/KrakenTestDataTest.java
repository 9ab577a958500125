package io.mm.core.kraken;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm.core.TestData;
import io.mm.core.book.LocalOrderBook;
import io.mm.core.book.Side;
import io.mm.core.feed.FrameKind;
import io.mm.core.num.NumberToken;
import io.mm.core.sync.SyncOutcome;
import io.mm.core.sync.SyncState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Kraken's documented checksum examples and a real BTC/USD WS v2 session, through the real parser and engine. */
class KrakenTestDataTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static int[] precision(String symbol) {
        KrakenParser p = new KrakenParser();
        assertThat(p.parse(TestData.read("kraken/instrument_snapshot.json"))).isEqualTo(FrameKind.INSTRUMENT);
        KrakenInstrument i = p.instruments().stream().filter(x -> x.symbol().equals(symbol)).findFirst().orElseThrow();
        return new int[] {i.pricePrecision(), i.qtyPrecision()};
    }

    @Test
    void instrumentSnapshotGivesEveryPairsPrecisions() {
        KrakenParser p = new KrakenParser();
        assertThat(p.parse(TestData.read("kraken/instrument_snapshot.json"))).isEqualTo(FrameKind.INSTRUMENT);
        List<KrakenInstrument> pairs = p.instruments();
        assertThat(pairs).hasSize(683);
        assertThat(pairs).contains(new KrakenInstrument("BTC/USD", 1, 8, "online"));
        assertThat(pairs).contains(new KrakenInstrument("ETH/USD", 2, 8, "online"));
    }

    @Test
    void v2DocumentationExampleChecksumIs3310070434() {
        String frame = TestData.read("kraken/v2_doc_checksum_example.json");
        KrakenParser p = new KrakenParser();
        assertThat(p.parse(frame)).isEqualTo(FrameKind.DEPTH_SNAPSHOT);
        assertThat(p.depth().checksum).isEqualTo(3310070434L);

        KrakenChecksumEngine engine = new KrakenChecksumEngine(10);
        engine.setPrecision(1, 8);
        engine.subscribed("test");
        assertThat(engine.onSnapshot(p.depth(), false)).isEqualTo(SyncOutcome.SYNCED);
        assertThat(engine.computeChecksum()).isEqualTo(3310070434L);
        assertThat(new KrakenChecksum().checksumString(engine.book(), 1, 8)).startsWith("452852100000452864154571953");
    }

    @Test
    void v1DocumentationExampleChecksumIs974947235() throws Exception {
        JsonNode doc = JSON.readTree(TestData.read("kraken/v1_doc_checksum_example.json"));
        LocalOrderBook book = new LocalOrderBook();
        NumberToken px = new NumberToken();
        NumberToken qty = new NumberToken();
        for (JsonNode l : doc.get("asks_low_to_high")) {
            assertThat(px.parse(l.get(0).asText()) && qty.parse(l.get(1).asText())).isTrue();
            book.set(Side.ASK, px.unscaled, px.format, qty.unscaled, qty.format);
        }
        for (JsonNode l : doc.get("bids_high_to_low")) {
            assertThat(px.parse(l.get(0).asText()) && qty.parse(l.get(1).asText())).isTrue();
            book.set(Side.BID, px.unscaled, px.format, qty.unscaled, qty.format);
        }
        KrakenChecksum cs = new KrakenChecksum();
        assertThat(cs.computeAsSent(book)).isEqualTo(doc.get("expected_checksum_unsigned").asLong()).isEqualTo(974947235L);
    }

    @Test
    void realBtcUsdSessionVerifiesAll510Checksums() throws Exception {
        JsonNode session = JSON.readTree(TestData.read("kraken/real_book_v2_btcusd.json"));
        int[] prec = precision("BTC/USD");
        assertThat(prec).containsExactly(1, 8);
        KrakenParser p = new KrakenParser();
        KrakenChecksumEngine engine = new KrakenChecksumEngine(10);
        engine.setPrecision(prec[0], prec[1]);
        engine.subscribed("test");

        // the frames as text, as they come off the socket
        assertThat(p.parse(JSON.writeValueAsString(session.get("init")))).isEqualTo(FrameKind.DEPTH_SNAPSHOT);
        assertThat(engine.onSnapshot(p.depth(), false)).isEqualTo(SyncOutcome.SYNCED);
        int verified = 1;
        for (JsonNode u : session.get("updates")) {
            assertThat(p.parse(JSON.writeValueAsString(u))).isEqualTo(FrameKind.DEPTH_UPDATE);
            assertThat(p.depth().hasChecksum).isTrue();
            SyncOutcome o = engine.onUpdate(p.depth());
            assertThat(o).as("update %d: %s", verified, engine.detail()).isEqualTo(SyncOutcome.APPLIED);
            verified++;
        }
        assertThat(verified).isEqualTo(510);
        assertThat(engine.state()).isEqualTo(SyncState.SYNCED);
        assertThat(engine.book().depth(Side.BID)).isEqualTo(10);
        assertThat(engine.book().isCrossed()).isFalse();
    }

    @Test
    void withoutTruncationToTheSubscribedDepthTheRealSessionFails() throws Exception {
        // Kraken's guide: levels leaving the subscribed depth are not deleted by the exchange
        JsonNode session = JSON.readTree(TestData.read("kraken/real_book_v2_btcusd.json"));
        KrakenParser p = new KrakenParser();
        KrakenChecksumEngine deep = new KrakenChecksumEngine(1000);
        deep.setPrecision(1, 8);
        deep.subscribed("test");
        p.parse(JSON.writeValueAsString(session.get("init")));
        deep.onSnapshot(p.depth(), false);
        SyncOutcome first = null;
        for (JsonNode u : session.get("updates")) {
            p.parse(JSON.writeValueAsString(u));
            SyncOutcome o = deep.onUpdate(p.depth());
            if (o == SyncOutcome.CHECKSUM_MISMATCH) {
                first = o;
                break;
            }
        }
        assertThat(first).isEqualTo(SyncOutcome.CHECKSUM_MISMATCH);
    }

    @Test
    void realSnapshotWithoutTimestampAndQuantitiesLike4Point0() throws Exception {
        JsonNode session = JSON.readTree(TestData.read("kraken/real_book_v2_btcusd.json"));
        KrakenParser p = new KrakenParser();
        assertThat(p.parse(JSON.writeValueAsString(session.get("init")))).isEqualTo(FrameKind.DEPTH_SNAPSHOT);
        // the real snapshot's bids include {"price":29426.7,"qty":4.0}
        boolean found = false;
        for (int i = 0; i < p.depth().levels(); i++) {
            if (p.depth().price(i) == 294267 && p.depth().qty(i) == 40) {
                found = true;
            }
        }
        assertThat(found).isTrue();
    }
}
