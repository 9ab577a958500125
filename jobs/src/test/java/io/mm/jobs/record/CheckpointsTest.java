package io.mm.jobs.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.Exchange;
import io.mm.sources.ws.ConnectionSplit;
import io.mm.sources.ws.WebSocketEnumState;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.source.coordinator.SourceCoordinatorSerdeUtils;
import org.apache.flink.runtime.state.memory.ByteStreamStateHandle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a checkpoint's run recorded, read from its {@code _metadata} as the source coordinator wrote it, and the savepoints
 * a clean stop prunes. (RecorderSharingITCase reads savepoints the recorder itself wrote.)
 */
class CheckpointsTest {
    static final List<ConnectionSplit> BTC = List.of(new ConnectionSplit("0-binance", Exchange.BINANCE, List.of("BTCUSDT")));
    static final List<ConnectionSplit> ETH = List.of(new ConnectionSplit("0-binance", Exchange.BINANCE, List.of("ETHUSDT")));

    /** A savepoint directory whose source enumerator checkpointed {@code configured} (null: version 1, which does not say). */
    static Path savepoint(Path dir, String name, List<ConnectionSplit> configured, long modifiedMs) throws Exception {
        WebSocketEnumState.Serializer ser = new WebSocketEnumState.Serializer();
        byte[] state;
        int version;
        if (configured == null) {
            version = 1;
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(b)) {
                out.writeInt(0); // version 1: no unassigned split, and nothing more
            }
            state = b.toByteArray();
        } else {
            version = ser.getVersion();
            state = ser.serialize(new WebSocketEnumState(List.of(), configured));
        }
        ByteArrayOutputStream coordinator = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(coordinator)) {
            out.writeInt(SourceCoordinatorSerdeUtils.VERSION_1);
            out.writeInt(version);
            out.writeInt(state.length);
            out.write(state);
        }
        OperatorState source = new OperatorState(null, null, new OperatorID(), 1, 128);
        source.setCoordinatorState(new ByteStreamStateHandle("coordinator", coordinator.toByteArray()));
        OperatorState other = new OperatorState(null, null, new OperatorID(), 1, 128);
        Path sp = Files.createDirectories(dir.resolve(name));
        try (OutputStream out = Files.newOutputStream(sp.resolve("_metadata"))) {
            org.apache.flink.runtime.checkpoint.Checkpoints.storeCheckpointMetadata(new CheckpointMetadata(1, List.of(other, source), List.of()), out);
        }
        Files.setLastModifiedTime(sp.resolve("_metadata"), FileTime.fromMillis(modifiedMs));
        return sp;
    }

    @Test
    void aCheckpointSaysWhatItsRunRecordedAndOneOfVersionOneDoesNot(@TempDir Path dir) throws Exception {
        assertThat(Checkpoints.recorded(savepoint(dir, "a", BTC, 1_000))).contains(BTC);
        assertThat(Checkpoints.recorded(savepoint(dir, "b", null, 2_000))).isEmpty();
        assertThat(Checkpoints.newestFirst(dir)).containsExactly(dir.resolve("b"), dir.resolve("a"));
        assertThat(Checkpoints.newest(dir)).isEqualTo(Optional.of(dir.resolve("b")));
    }

    @Test
    void aCleanStopKeepsTheNewestSavepointsOfItsSymbolsAndLeavesOthersAlone(@TempDir Path dir) throws Exception {
        List<Path> btc = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            btc.add(savepoint(dir, "savepoint-btc-" + i, BTC, 10_000 + i * 1_000L));
        }
        Path eth1 = savepoint(dir, "savepoint-eth-1", ETH, 1_000);
        Path eth2 = savepoint(dir, "savepoint-eth-2", ETH, 2_000);
        Path old = savepoint(dir, "savepoint-v1", null, 500);
        Path broken = Files.createDirectories(dir.resolve("savepoint-broken"));
        Files.writeString(broken.resolve("_metadata"), "not a checkpoint");

        assertThat(Checkpoints.pruneSavepoints(dir, BTC, 3)).containsExactlyInAnyOrder(btc.get(0), btc.get(1));
        assertThat(btc.subList(2, 5)).allSatisfy(p -> assertThat(p.resolve("_metadata")).exists());
        assertThat(List.of(eth1, eth2, old, broken)).allSatisfy(p -> assertThat(p.resolve("_metadata")).exists());
        assertThat(btc.subList(0, 2)).allSatisfy(p -> assertThat(p).doesNotExist());
        assertThat(Checkpoints.pruneSavepoints(dir, BTC, 3)).as("nothing more to prune").isEmpty();
    }
}
