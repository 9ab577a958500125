package io.mm.operators.book;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mm.core.feed.DepthUpdate;
import io.mm.core.num.NumberText;
import io.mm.core.sync.SyncState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.testutils.DeeplyEqualsChecker;
import org.junit.jupiter.api.Test;

/**
 * Flink's own checks of a serializer (copies, single records and sequences, snapshot and restore, duplicates across
 * threads) over book states at their edges, and what it refuses: formats, codes and snapshot versions it does not know.
 */
class BookStateSerializerTest extends SerializerTestBase<BookState> {

    BookStateSerializerTest() {
        // BookState has no equals of its own: compared field by field, arrays by their elements
        super(new DeeplyEqualsChecker().withCustomCheck((a, b) -> a instanceof BookState && b instanceof BookState,
                (a, b, checker) -> sameFields(a, b)));
    }

    private static boolean sameFields(Object a, Object b) {
        try {
            assertThat(a).usingRecursiveComparison().isEqualTo(b);
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    @Override
    protected TypeSerializer<BookState> createSerializer() {
        return new BookStateSerializer();
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<BookState> getTypeClass() {
        return BookState.class;
    }

    @Override
    protected boolean allowNullInstances(TypeSerializer<BookState> serializer) {
        return true; // immutable, built whole by the recorder: there is no empty instance to fill
    }

    @Override
    protected BookState[] getTestData() {
        List<BookState> states = new ArrayList<>();
        states.add(BookStates.krakenSynced());
        for (SyncState s : SyncState.values()) {
            states.add(state(s, "3f9c2a1e-7b4d", 3));
        }
        // a fresh symbol: no id, no trade, no precision, an empty book, no open day
        states.add(new BookState("", 0, 0, new int[0], SyncState.CONNECTING, 1, false, DepthUpdate.NONE, -1, -1, DepthUpdate.NONE, 0, 0, 0,
                0, levels(0, 0), levels(0, 0)));
        // a deep Binance book (5,000 levels a side), ids at the ends of their range, two open days
        states.add(new BookState("r".repeat(60_000), Long.MAX_VALUE, Long.MAX_VALUE - 1, new int[] {20231231, 20240101}, SyncState.SYNCED,
                Integer.MAX_VALUE, true, Long.MAX_VALUE, -1, -1, Long.MAX_VALUE, Long.MAX_VALUE, Long.MIN_VALUE + 1, 8, 8,
                levels(5_000, 6_500_000_000_000L), levels(5_000, 6_500_000_100_000L)));
        // Bitfinex: order counts; a non-ASCII run id
        states.add(new BookState("run-ü-€", 42, 7, new int[] {20240229}, SyncState.RESYNCING, 12, true, DepthUpdate.NONE, -1, -1, 1_234_567,
                1, 2, 10, 10, levels(25, 70), levels(1, 71)));
        return states.toArray(new BookState[0]);
    }

    @Override
    protected void deepEquals(String message, BookState should, BookState is) {
        assertThat(is).as(message).usingRecursiveComparison().isEqualTo(should);
    }

    @Test
    void aFormatThisBuildDoesNotKnowIsRefused() {
        byte[] bytes = write(BookStates.krakenSynced());
        bytes[0] = 2;
        assertThatThrownBy(() -> read(bytes)).isInstanceOf(IOException.class)
                .hasMessage("BookStateSerializer cannot read format 2: this build reads format 1 (state written by a newer build?)");
    }

    @Test
    void aSyncStateCodeThisBuildDoesNotKnowIsRefused() {
        BookState s = BookStates.krakenSynced();
        byte[] bytes = write(s);
        // format, run id (UTF: length + bytes), recv_seq, event_id, the open days: then the state's code
        int at = 1 + 2 + s.runId.length() + 8 + 8 + 4 + 4 * s.openDays.length;
        assertThat(bytes[at]).isEqualTo(SyncState.SYNCED.code());
        bytes[at] = 42;
        assertThatThrownBy(() -> read(bytes)).isInstanceOf(IOException.class).hasMessage("BookStateSerializer format 1: unknown SyncState "
                + "code 42 (known: 0 CONNECTING, 1 SNAPSHOT, 2 SYNCING, 3 SYNCED, 4 RESYNCING, 5 STOPPED)");
    }

    @Test
    void aSnapshotVersionThisBuildDoesNotKnowIsRefused() {
        assertThatThrownBy(() -> new BookStateSerializer.Snapshot().readSnapshot(5, new DataInputDeserializer(new byte[4]), getClass().getClassLoader()))
                .isInstanceOf(IOException.class)
                .hasMessage("BookStateSerializer snapshot cannot read version 5: this build reads versions 3, 4 (state written by a newer build?)");
    }

    @Test
    void aSnapshotOfAFormatThisBuildDoesNotKnowIsRefused() {
        assertThatThrownBy(() -> new BookStateSerializer.Snapshot().readSnapshot(4, new DataInputDeserializer(new byte[] {0, 0, 0, 2}),
                getClass().getClassLoader())).isInstanceOf(IOException.class)
                .hasMessage("BookStateSerializer cannot read format 2: this build reads format 1 (state written by a newer build?)");
    }

    private static BookState state(SyncState s, String runId, int depth) {
        return new BookState(runId, 1_000 + s.ordinal(), 10 + s.ordinal(), new int[] {20240101}, s, 2, s != SyncState.CONNECTING, 987_654_321L, 2,
                6, 555, 1_700_000_000_000_000L, 1_699_999_999_999_999L, 2, 6, levels(depth, 4_200_000), levels(depth, 4_200_100));
    }

    /** {@code n} levels from {@code best} outwards, with every field of a level distinct. */
    private static BookState.Levels levels(int n, long best) {
        BookState.Levels l = new BookState.Levels(new long[n], new long[n], new int[n], new int[n], new int[n]);
        for (int i = 0; i < n; i++) {
            l.price()[i] = best + i;
            l.qty()[i] = 1_000L * (i + 1);
            l.priceFormat()[i] = NumberText.plainFormat(i % 9);
            l.qtyFormat()[i] = NumberText.plainFormat(8) | i << 8;
            l.count()[i] = i % 7;
        }
        return l;
    }

    private static byte[] write(BookState s) {
        try {
            DataOutputSerializer out = new DataOutputSerializer(1024);
            new BookStateSerializer().serialize(s, out);
            return out.getCopyOfBuffer();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static BookState read(byte[] bytes) throws IOException {
        return new BookStateSerializer().deserialize(new DataInputDeserializer(bytes));
    }
}
