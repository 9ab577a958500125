package io.mm.sinks.day;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mm.core.CommittedState;
import io.mm.core.contract.FileRecord;
import java.io.IOException;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerialization;
import org.junit.jupiter.api.Test;

/**
 * Committables live in checkpoints and savepoints until committed: each version's bytes, as Flink stores them, are
 * committed under {@code src/test/resources/state/staged-range/} and must restore after every change.
 */
class StagedRangeSerializerTest {
    private static final String DIR = "state/staged-range/";
    private static final StagedRangeSerializer SERIALIZER = new StagedRangeSerializer();

    /** A depth file's rows staged by subtask 1 at a checkpoint of the real Kraken session's recording. */
    static StagedRange krakenDepthRows() {
        return new StagedRange(StagedRange.APPEND_RAW, "kraken/BTCUSD/20230730/orderbook_ws_depth_BTCUSD_20230730.csv.gz",
                ".staging/1/1690731000123-5e1f0a7c-42.stage", 1_048_576, 73_412, 1_690_731_000_123L, 42, 17, 510);
    }

    @Test
    void versionOneRestoresEveryField() throws Exception {
        StagedRange r = SimpleVersionedSerialization.readVersionAndDeSerialize(SERIALIZER, CommittedState.read(DIR + "v1.bin"));
        assertThat(r.kind()).isEqualTo(StagedRange.APPEND_RAW);
        assertThat(r.path()).isEqualTo("kraken/BTCUSD/20230730/orderbook_ws_depth_BTCUSD_20230730.csv.gz");
        assertThat(r.stagingFile()).isEqualTo(".staging/1/1690731000123-5e1f0a7c-42.stage");
        assertThat(r.offset()).isEqualTo(1_048_576);
        assertThat(r.length()).isEqualTo(73_412);
        assertThat(r.memberBase()).isEqualTo(1_690_731_000_123L);
        assertThat(r.memberSeq()).isEqualTo(42);
        assertThat(r.rangesInFile()).isEqualTo(17);
        assertThat(r.rows()).isEqualTo(510);
    }

    @Test
    void everyKindAndEdgeValueRoundTrips() throws Exception {
        for (StagedRange r : List.of(krakenDepthRows(),
                new StagedRange(FileRecord.APPEND, "binance/BTCUSDT/20240101/trades_ws_BTCUSDT_20240101.csv.gz", ".staging/0/a.stage", 0, 0,
                        0, 0, 1, 0),
                new StagedRange(FileRecord.WHOLE_FILE, "bitfinex/tBTCUSD/20240101/snapshots/snapshot_0001_rest.json", "", Long.MAX_VALUE,
                        Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE),
                new StagedRange(StagedRange.APPEND_RAW, "", "\u00fc/\u20ac/" + "x".repeat(20_000) + ".stage", -1, 1, -1, -1, 0, -1))) {
            assertThat(SERIALIZER.deserialize(SERIALIZER.getVersion(), SERIALIZER.serialize(r))).isEqualTo(r);
        }
    }

    @Test
    void aVersionThisBuildDoesNotKnowIsRefused() throws Exception {
        byte[] bytes = SERIALIZER.serialize(krakenDepthRows());
        assertThatThrownBy(() -> SERIALIZER.deserialize(2, bytes)).isInstanceOf(IOException.class)
                .hasMessage("StagedRangeSerializer cannot read version 2: this build reads version 1 (state written by a newer build?)");
    }

    @Test
    void theCurrentVersionWritesItsCommittedBytes() throws Exception {
        CommittedState.assertWrites(DIR + "v" + SERIALIZER.getVersion() + ".bin",
                SimpleVersionedSerialization.writeVersionAndSerialize(SERIALIZER, krakenDepthRows()));
    }
}
