package io.mm.operators.book;

import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.CommittedState;
import io.mm.core.book.LocalOrderBook;
import io.mm.core.feed.DepthUpdate;
import io.mm.core.kraken.KrakenChecksum;
import io.mm.core.num.NumberText;
import io.mm.core.sync.SyncState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshotSerializationUtil;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checkpoints and savepoints of earlier builds restore: the book state and the serializer snapshot as each format
 * wrote them are committed under {@code src/test/resources/state/book-state/}, and must restore field for field after
 * every change (the pattern of Flink's serializer-upgrade tests).
 */
class BookStateFormatTest {
    private static final String DIR = "state/book-state/";

    static Stream<String> committedFormats() throws IOException {
        return committed("format-");
    }

    static Stream<String> committedSnapshots() throws IOException {
        return committed("snapshot-v");
    }

    @Test
    void theFirstBuildsFormatAndSnapshotAreKept() throws IOException {
        assertThat(committedFormats()).contains("format-1.bin");
        assertThat(committedSnapshots()).contains("snapshot-v3.bin");
    }

    @ParameterizedTest
    @MethodSource("committedFormats")
    void everyCommittedFormatRestoresEveryField(String file) throws Exception {
        assertKrakenSynced(read(new BookStateSerializer(), CommittedState.read(DIR + file)));
    }

    @ParameterizedTest
    @MethodSource("committedSnapshots")
    void everyCommittedSerializerSnapshotRestoresAndReadsItsFormat(String file) throws Exception {
        TypeSerializerSnapshot<BookState> old = readSnapshot(CommittedState.read(DIR + file));
        assertThat(old).isInstanceOf(BookStateSerializer.Snapshot.class);
        int format = ((BookStateSerializer.Snapshot) old).format();
        TypeSerializerSchemaCompatibility<BookState> c = new BookStateSerializer().snapshotConfiguration().resolveSchemaCompatibility(old);
        assertThat(c.isCompatibleAsIs() || c.isCompatibleAfterMigration()).as(file + ": " + c).isTrue();
        assertKrakenSynced(read((BookStateSerializer) old.restoreSerializer(), CommittedState.read(DIR + "format-" + format + ".bin")));
    }

    @Test
    void theCurrentFormatWritesItsCommittedBytes() throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(2048);
        new BookStateSerializer().serialize(BookStates.krakenSynced(), out);
        CommittedState.assertWrites(DIR + "format-" + BookStateSerializer.FORMAT + ".bin", out.getCopyOfBuffer());
    }

    @Test
    void theCurrentSerializerSnapshotWritesItsCommittedBytes() throws Exception {
        TypeSerializerSnapshot<BookState> current = new BookStateSerializer().snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(256);
        TypeSerializerSnapshotSerializationUtil.writeSerializerSnapshot(out, current);
        CommittedState.assertWrites(DIR + "snapshot-v" + current.getCurrentVersion() + ".bin", out.getCopyOfBuffer());
    }

    /** The committed files of one kind, by name; read from the module's own src/test/resources. */
    private static Stream<String> committed(String prefix) throws IOException {
        try (Stream<Path> files = Files.list(Paths.get("src/test/resources", DIR))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith(prefix)).sorted().toList().stream();
        }
    }

    static TypeSerializerSnapshot<BookState> readSnapshot(byte[] bytes) throws Exception {
        return TypeSerializerSnapshotSerializationUtil.readSerializerSnapshot(new DataInputDeserializer(bytes),
                BookStateFormatTest.class.getClassLoader());
    }

    private static BookState read(BookStateSerializer serializer, byte[] bytes) throws Exception {
        DataInputDeserializer in = new DataInputDeserializer(bytes);
        BookState s = serializer.deserialize(in);
        assertThat(in.available()).as("bytes left after the state").isZero();
        return s;
    }

    /** Every field of {@link BookStates#krakenSynced()}, and the book it restores reproduces Kraken's own checksum. */
    static void assertKrakenSynced(BookState s) {
        assertThat(s.runId).isEqualTo("3f9c2a1e-7b4d");
        assertThat(s.recvSeq).isEqualTo(517);
        assertThat(s.eventId).isEqualTo(9);
        assertThat(s.openDays).containsExactly(20230730);
        assertThat(s.state).isEqualTo(SyncState.SYNCED);
        assertThat(s.epoch).isEqualTo(1);
        assertThat(s.everSynced).isTrue();
        assertThat(s.lastUpdateId).isEqualTo(DepthUpdate.NONE);
        assertThat(s.pricePrecision).isEqualTo(1);
        assertThat(s.qtyPrecision).isEqualTo(8);
        assertThat(s.lastTradeId).isEqualTo(71);
        assertThat(s.lastRecvUs).isEqualTo(BookStates.T0 + 516);
        assertThat(s.lastDataRecvUs).isEqualTo(BookStates.T0 + 515);
        assertThat(s.priceScale).isEqualTo(1);
        assertThat(s.qtyScale).isEqualTo(8);
        // as Kraken sent them: the format words keep "4.0", "29431.0" and "0.001"
        assertThat(asSent(s, s.bids)).containsExactly("29430.2 0.18967538", "29429.6 0.00011621", "29427.4 0.001", "29426.7 4.0",
                "29425.7 0.67945399", "29423.5 0.67950478", "29422.1 0.16314267", "29421.8 0.06797895", "29421.7 0.23401846",
                "29421.5 0.28639276");
        assertThat(asSent(s, s.asks)).containsExactly("29430.3 8.25215653", "29430.4 2.55637606", "29430.5 0.2997598",
                "29430.9 2.56473216", "29431.0 0.00011662", "29431.1 0.001", "29432.3 0.0241", "29432.4 0.02210682",
                "29432.5 3.39761477", "29433.1 0.01021497");
        assertThat(s.bids.count()).containsOnly(0);
        assertThat(s.asks.count()).containsOnly(0);
        LocalOrderBook book = new LocalOrderBook();
        s.restoreBook(book);
        assertThat(new KrakenChecksum().compute(book, s.pricePrecision, s.qtyPrecision)).isEqualTo(BookStates.KRAKEN_CHECKSUM);
    }

    private static List<String> asSent(BookState s, BookState.Levels l) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
            out.add(NumberText.asSent(l.price()[i], s.priceScale, l.priceFormat()[i]) + " "
                    + NumberText.asSent(l.qty()[i], s.qtyScale, l.qtyFormat()[i]));
        }
        return out;
    }
}
