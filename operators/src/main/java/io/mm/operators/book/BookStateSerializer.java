package io.mm.operators.book;

import io.mm.core.state.VersionCheck;
import io.mm.core.sync.SyncState;
import io.mm.operators.types.FormatSnapshot;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * {@link BookState}'s own serializer, so no state ever falls back to Kryo: keyed state, in every checkpoint and savepoint.
 * Each record starts with its format byte, so a build reads the records of every format it knows; its {@link Snapshot}
 * records the format written. BookState is immutable once built, so copies are the instance itself.
 *
 * <p>Format 1: run id (UTF); recv_seq, event_id (long); open days (int count, then each YYYYMMDD int); sync state
 * ({@link SyncState#code()}, a byte); epoch (int); ever synced (boolean); last update id (long); price and qty precision
 * (int); last trade id, last receive and last data receive time in us (long); price and qty scale (int); then the bids
 * and the asks, best first: a level count (int), and per level price and qty (long), their format words and the order
 * count (int). A layout change is a new format: read every earlier one, and commit the new one's bytes beside theirs
 * ({@code BookStateFormatTest}).
 */
public final class BookStateSerializer extends TypeSerializer<BookState> {
    private static final long serialVersionUID = 1L;
    /** The format this build writes. */
    static final byte FORMAT = 1;

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public TypeSerializer<BookState> duplicate() {
        return this;
    }

    @Override
    public BookState createInstance() {
        return null;
    }

    @Override
    public BookState copy(BookState from) {
        return from;
    }

    @Override
    public BookState copy(BookState from, BookState reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(BookState s, DataOutputView out) throws IOException {
        out.writeByte(FORMAT);
        out.writeUTF(s.runId);
        out.writeLong(s.recvSeq);
        out.writeLong(s.eventId);
        out.writeInt(s.openDays.length);
        for (int d : s.openDays) {
            out.writeInt(d);
        }
        out.writeByte(s.state.code());
        out.writeInt(s.epoch);
        out.writeBoolean(s.everSynced);
        out.writeLong(s.lastUpdateId);
        out.writeInt(s.pricePrecision);
        out.writeInt(s.qtyPrecision);
        out.writeLong(s.lastTradeId);
        out.writeLong(s.lastRecvUs);
        out.writeLong(s.lastDataRecvUs);
        out.writeInt(s.priceScale);
        out.writeInt(s.qtyScale);
        writeLevels(s.bids, out);
        writeLevels(s.asks, out);
    }

    private static void writeLevels(BookState.Levels l, DataOutputView out) throws IOException {
        int n = l.size();
        out.writeInt(n);
        for (int i = 0; i < n; i++) {
            out.writeLong(l.price()[i]);
            out.writeLong(l.qty()[i]);
            out.writeInt(l.priceFormat()[i]);
            out.writeInt(l.qtyFormat()[i]);
            out.writeInt(l.count()[i]);
        }
    }

    @Override
    public BookState deserialize(DataInputView in) throws IOException {
        VersionCheck.check("BookStateSerializer", "format", in.readByte(), FORMAT);
        String runId = in.readUTF();
        long recvSeq = in.readLong();
        long eventId = in.readLong();
        int[] days = new int[in.readInt()];
        for (int i = 0; i < days.length; i++) {
            days[i] = in.readInt();
        }
        SyncState state = syncState(in.readByte());
        int epoch = in.readInt();
        boolean everSynced = in.readBoolean();
        long lastUpdateId = in.readLong();
        int pp = in.readInt();
        int qp = in.readInt();
        long lastTradeId = in.readLong();
        long lastRecvUs = in.readLong();
        long lastDataRecvUs = in.readLong();
        int priceScale = in.readInt();
        int qtyScale = in.readInt();
        BookState.Levels bids = readLevels(in);
        BookState.Levels asks = readLevels(in);
        return new BookState(runId, recvSeq, eventId, days, state, epoch, everSynced, lastUpdateId, pp, qp, lastTradeId, lastRecvUs,
                lastDataRecvUs, priceScale, qtyScale, bids, asks);
    }

    private static SyncState syncState(byte code) throws IOException {
        try {
            return SyncState.ofCode(code);
        } catch (IllegalArgumentException e) {
            throw new IOException("BookStateSerializer format " + FORMAT + ": " + e.getMessage(), e);
        }
    }

    private static BookState.Levels readLevels(DataInputView in) throws IOException {
        int n = in.readInt();
        BookState.Levels l = new BookState.Levels(new long[n], new long[n], new int[n], new int[n], new int[n]);
        for (int i = 0; i < n; i++) {
            l.price()[i] = in.readLong();
            l.qty()[i] = in.readLong();
            l.priceFormat()[i] = in.readInt();
            l.qtyFormat()[i] = in.readInt();
            l.count()[i] = in.readInt();
        }
        return l;
    }

    @Override
    public BookState deserialize(BookState reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BookStateSerializer;
    }

    @Override
    public int hashCode() {
        return BookStateSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<BookState> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from a checkpoint: it reads the records of every format this build knows. */
    public static final class Snapshot extends FormatSnapshot<BookState> {
        public Snapshot() {
            super("BookStateSerializer", format -> new BookStateSerializer(), FORMAT);
        }
    }
}
