package io.mm.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm.core.Exchange;
import io.mm.core.contract.ContractFile;
import io.mm.core.feed.RawFrame;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A ledger's rows as a replay's inputs: typed lifecycle inputs carry the rows' own details; no exchange message is made up. */
class LedgerInputsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode d(String json) throws Exception {
        return JSON.readTree(json);
    }

    private static void row(LedgerInputs in, long eventId, long seq, String type, String tag, String details) throws Exception {
        in.row("events.csv.gz:" + seq, eventId, seq, 1000 + seq, 1, type, "CONNECTING", tag, d(details), (file, id) -> "{\"snapshot\":\"" + file + "\"}");
    }

    @Test
    void lifecycleRowsBecomeTypedInputsWithTheRowsDetails() throws Exception {
        LedgerInputs in = new LedgerInputs(Exchange.BITFINEX, "tXRPBTC", "bitfinex/tXRPBTC/20230101");
        row(in, 0, 0, "ws_open", "", "{\"connection\":\"2-bitfinex\"}");
        row(in, 0, 0, "exchange_info", "", "{\"kind\":\"conf\",\"flags\":131072,\"status\":\"OK\"}");
        row(in, 0, 0, "subscribed", "", "{\"channel\":\"book\",\"depth\":25,\"chan_id\":17082}");
        row(in, 0, 0, "subscribed", "", "{\"channel\":\"trades\",\"chan_id\":17083}");
        row(in, 7, 1, "snapshot", "initial", "{\"source\":\"ws\"}");
        row(in, 0, 1, "state_change", "", "{\"from\":\"SNAPSHOT\",\"to\":\"SYNCED\"}");
        List<RawFrame> f = in.inputs().stream().map(LedgerInputs.Input::frame).toList();
        assertThat(f).extracting(RawFrame::type).containsExactly(RawFrame.Type.OPEN, RawFrame.Type.GRANTED_FLAGS, RawFrame.Type.SUBSCRIBED,
                RawFrame.Type.DATA);
        assertThat(d(f.get(1).text())).isEqualTo(d("{\"kind\":\"conf\",\"flags\":131072,\"status\":\"OK\"}"));
        assertThat(d(f.get(2).text())).isEqualTo(d("{\"channel\":\"book\",\"depth\":25,\"chan_id\":17082}"));
        assertThat(f.get(3).text()).as("the stream's snapshot as recorded")
                .isEqualTo("{\"snapshot\":\"" + ContractFile.snapshotJson(7, "initial") + "\"}");
        assertThat(in.inputs()).extracting(LedgerInputs.Input::rank).containsExactly(1, 2, 3, 0);
    }

    @Test
    void binanceSubscribesByUrlSoItsSubscribedRowsSteerNothing() throws Exception {
        LedgerInputs in = new LedgerInputs(Exchange.BINANCE, "BTCUSDT", "x");
        row(in, 0, 0, "subscribed", "", "{\"channel\":\"book\"}");
        assertThat(in.inputs()).isEmpty();
    }

    @Test
    void krakensPrecisionsComeFirstFromTheFirstSnapshotRowThatNamesThem() throws Exception {
        LedgerInputs in = new LedgerInputs(Exchange.KRAKEN, "BTC/USD", "x");
        row(in, 3, 5, "snapshot", "initial", "{\"source\":\"ws\",\"price_precision\":1,\"qty_precision\":8}");
        row(in, 9, 9, "snapshot", "resync", "{\"source\":\"rest\",\"price_precision\":2,\"qty_precision\":8}");
        assertThat(in.preamble()).hasSize(1);
        RawFrame p = in.preamble().get(0).frame();
        assertThat(p.type()).isEqualTo(RawFrame.Type.INSTRUMENT);
        assertThat(d(p.text()).path("price_precision").asInt()).isEqualTo(1);
        assertThat(in.inputs()).extracting(i -> i.frame().type()).containsExactly(RawFrame.Type.INSTRUMENT, RawFrame.Type.DATA,
                RawFrame.Type.INSTRUMENT, RawFrame.Type.REST_SNAPSHOT);
    }

    @Test
    void aKrakenStreamSnapshotBringsItsPrecisionsJustBeforeItAfterARunStartedOver() throws Exception {
        LedgerInputs in = new LedgerInputs(Exchange.KRAKEN, "BTC/USD", "x");
        // a run that learned the precisions before the day opened, then lost its socket: the day's first book is a stream's
        row(in, 1, 40, "run_start", "", "{\"symbol\":\"BTC/USD\"}");
        row(in, 2, 40, "window_start", "", "{\"ever_synced\":true}");
        row(in, 3, 40, "ws_open", "", "{}");
        row(in, 4, 40, "subscribed", "", "{\"channel\":\"book\",\"depth\":10}");
        row(in, 5, 41, "snapshot", "reconnect", "{\"source\":\"ws\",\"price_precision\":1,\"qty_precision\":8}");
        List<RawFrame.Type> merged = in.inputs().stream().sorted(java.util.Comparator.comparingLong(i -> i.seq() * LedgerInputs.RANKS + i.rank()))
                .map(i -> i.frame().type()).toList();
        assertThat(merged).as("the run starts over before the precisions are given again").containsExactly(RawFrame.Type.RUN_START,
                RawFrame.Type.WINDOW_START, RawFrame.Type.OPEN, RawFrame.Type.SUBSCRIBED, RawFrame.Type.INSTRUMENT, RawFrame.Type.DATA);
        RawFrame open = in.inputs().get(1).frame();
        assertThat(open.connection()).as("the row's epoch").isEqualTo(1);
        assertThat(LedgerInputs.DayOpen.of(open, false)).as("the row's state, history and depth")
                .isEqualTo(new LedgerInputs.DayOpen(io.mm.core.sync.SyncState.CONNECTING, true, 0, false));
        in.row("e:50", 6, 50, 1050, 3, "window_start", "RESYNCING", "", d("{\"ever_synced\":false,\"depth\":25,\"own_updates_only\":true}"), null);
        assertThat(LedgerInputs.DayOpen.of(in.inputs().get(in.inputs().size() - 1).frame(), true))
                .isEqualTo(new LedgerInputs.DayOpen(io.mm.core.sync.SyncState.RESYNCING, false, 25, true));
    }

    @Test
    void aKrakenBookSnapshotBringsThePrecisionsItWasPrintedInAfterARunStartedOver() throws Exception {
        LedgerInputs in = new LedgerInputs(Exchange.KRAKEN, "BTC/USD", "x");
        // a day whose run started before its window opened: the instrument message came before the day did
        row(in, 1, 40, "run_start", "", "{\"symbol\":\"BTC/USD\"}");
        row(in, 2, 40, "ws_open", "", "{}");
        row(in, 3, 40, "window_start", "", "{}");
        row(in, 4, 40, "snapshot", "day_open", "{\"source\":\"book\",\"price_precision\":1,\"qty_precision\":8}");
        assertThat(in.inputs()).extracting(i -> i.frame().type()).containsExactly(RawFrame.Type.RUN_START, RawFrame.Type.OPEN,
                RawFrame.Type.WINDOW_START, RawFrame.Type.INSTRUMENT, RawFrame.Type.BOOK_SNAPSHOT);
        assertThat(in.inputs()).extracting(LedgerInputs.Input::rank).as("in the ledger's order").isSorted();
        assertThat(d(in.inputs().get(3).frame().text()).path("price_precision").asInt()).isEqualTo(1);
    }

    @Test
    void aRecoveryRowResumesInTheEpochTheRestoredRunWasIn() throws Exception {
        LedgerInputs in = new LedgerInputs(Exchange.BINANCE, "BTCUSDT", "x");
        row(in, 0, 3, "ws_close", "", "{\"reason\":\"bye\"}");
        in.row("e:9", 4, 9, 1009, 3, "recovery", "CONNECTING", "", d("{\"restored_state\":\"SYNCED\",\"ever_synced\":true}"), null);
        assertThat(in.inputs()).extracting(i -> i.frame().type()).containsExactly(RawFrame.Type.CLOSE, RawFrame.Type.RECOVERY);
        RawFrame r = in.inputs().get(1).frame();
        assertThat(r.connection()).isEqualTo(3);
        assertThat(d(r.text()).path("ever_synced").asBoolean()).isTrue();
    }

    @Test
    void aRecoveryRowSaysWhetherTheRestoredEngineHadEverBeenSynced() {
        assertThat(LedgerInputs.everSynced("{\"ever_synced\":true}", 1, false)).isTrue();
        assertThat(LedgerInputs.everSynced("{\"ever_synced\":false,\"restored_state\":\"CONNECTING\"}", 1, true))
                .as("the row's own word").isFalse();
        // rows written before ever_synced was: an epoch above 1 or a synced book imply it
        assertThat(LedgerInputs.everSynced("{\"restored_state\":\"SYNCED\"}", 1, false)).isTrue();
        assertThat(LedgerInputs.everSynced("{\"restored_state\":\"CONNECTING\"}", 3, false)).isTrue();
        assertThat(LedgerInputs.everSynced("{\"restored_state\":\"SNAPSHOT\"}", 1, false)).isFalse();
        assertThat(LedgerInputs.everSynced("not json", 1, true)).isTrue();
    }

    @Test
    void anInstrumentRowIsAnInstrumentInput() throws Exception {
        LedgerInputs in = new LedgerInputs(Exchange.KRAKEN, "BTC/USD", "x");
        row(in, 0, 2, "exchange_info", "", "{\"kind\":\"instrument\",\"price_precision\":1,\"qty_precision\":8,\"status\":\"online\"}");
        row(in, 3, 5, "snapshot", "initial", "{\"source\":\"ws\",\"price_precision\":1,\"qty_precision\":8}");
        assertThat(in.preamble()).as("the instrument row said it already").isEmpty();
        assertThat(in.inputs().get(0).frame().type()).isEqualTo(RawFrame.Type.INSTRUMENT);
        assertThat(d(in.inputs().get(0).frame().text()).path("status").asText()).isEqualTo("online");
    }

    @Test
    void aSnapshotOfUnknownSourceIsRefusedNamingTheRow() {
        LedgerInputs in = new LedgerInputs(Exchange.KRAKEN, "BTC/USD", "x");
        assertThatThrownBy(() -> row(in, 3, 5, "snapshot", "initial", "{\"source\":\"fax\"}")).isInstanceOf(LedgerInputs.BadRow.class)
                .hasMessageContaining("events.csv.gz:5").hasMessageContaining("fax");
    }
}
