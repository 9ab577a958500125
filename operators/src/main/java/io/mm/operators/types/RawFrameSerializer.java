package io.mm.operators.types;

import io.mm.core.Exchange;
import io.mm.core.feed.RawFrame;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * {@link RawFrame}'s serializer for the shuffle from the source to the keyed operator (every frame crosses
 * it). Flink's POJO serializer reads record fields by reflection; this writes them directly, and the frame
 * text as UTF-8 bytes (frames are ASCII: half the bytes of Flink's char encoding).
 *
 * <p>A frame is never keyed or operator state: its bytes live in the shuffle and in BATCH's sort spills, read by the
 * build that wrote them (only an unaligned checkpoint, off by default and not enabled here, would carry frames in flight
 * to another build). Its snapshot still records the format, as every serializer's here does.
 *
 * <p>Format 1: exchange ({@link Exchange#code()}) and type ({@link RawFrame.Type#code()}), a byte each; connection (int);
 * receive time in us, recv_seq (long); symbol, connection id (UTF); the text: its length n (int) and n Latin-1 bytes
 * when every char is below 0x80, else -(UTF-8 length) - 1 and the UTF-8 bytes. A new frame type adds a code, not a field:
 * the layout stays format 1, and a build that does not know a code refuses it naming the code.
 */
public final class RawFrameSerializer extends TypeSerializer<RawFrame> {
    private static final long serialVersionUID = 1L;
    /** The format this build writes. */
    static final int FORMAT = 1;

    private transient byte[] buf = new byte[1024];
    private transient char[] chars = new char[1024];

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public TypeSerializer<RawFrame> duplicate() {
        return new RawFrameSerializer(); // not thread-safe: its buffer is per instance
    }

    @Override
    public RawFrame createInstance() {
        return null;
    }

    @Override
    public RawFrame copy(RawFrame from) {
        return from;
    }

    @Override
    public RawFrame copy(RawFrame from, RawFrame reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(RawFrame f, DataOutputView out) throws IOException {
        out.writeByte(f.exchange().code());
        out.writeByte(f.type().code());
        out.writeInt(f.connection());
        out.writeLong(f.recvTimeUs());
        out.writeLong(f.recvSeq());
        out.writeUTF(f.symbol());
        out.writeUTF(f.connectionId());
        writeText(f.text(), out);
    }

    private void writeText(String s, DataOutputView out) throws IOException {
        int n = s.length();
        if (buf == null || buf.length < n) {
            buf = new byte[Math.max(n, 1024)];
        }
        if (chars == null || chars.length < n) {
            chars = new char[Math.max(n, 1024)];
        }
        // getChars is an intrinsic copy, and this loop (narrowing store, OR reduction) vectorizes: a charAt loop
        // with its per-char branch cost as much as reading the frame from the recording
        s.getChars(0, n, chars, 0);
        char[] c = chars;
        byte[] b = buf;
        int any = 0;
        for (int i = 0; i < n; i++) {
            char ch = c[i];
            any |= ch;
            b[i] = (byte) ch;
        }
        if (any < 0x80) {
            out.writeInt(n);
            out.write(b, 0, n);
        } else {
            byte[] u = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            out.writeInt(-u.length - 1);
            out.write(u);
        }
    }

    @Override
    public RawFrame deserialize(DataInputView in) throws IOException {
        Exchange ex;
        RawFrame.Type type;
        try {
            ex = Exchange.ofCode(in.readByte());
            type = RawFrame.Type.ofCode(in.readByte());
        } catch (IllegalArgumentException e) {
            throw new IOException("RawFrameSerializer format " + FORMAT + ": " + e.getMessage(), e);
        }
        int connection = in.readInt();
        long recvUs = in.readLong();
        long seq = in.readLong();
        String symbol = in.readUTF();
        String connectionId = in.readUTF();
        int n = in.readInt();
        String text;
        if (n >= 0) {
            if (buf == null || buf.length < n) {
                buf = new byte[Math.max(n, 1024)];
            }
            in.readFully(buf, 0, n);
            text = new String(buf, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
        } else {
            byte[] b = new byte[-n - 1];
            in.readFully(b);
            text = new String(b, java.nio.charset.StandardCharsets.UTF_8);
        }
        return new RawFrame(ex, symbol, connectionId, connection, type, recvUs, seq, text);
    }

    @Override
    public RawFrame deserialize(RawFrame reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawFrameSerializer;
    }

    @Override
    public int hashCode() {
        return RawFrameSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<RawFrame> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer; format 1 is the only one. */
    public static final class Snapshot extends FormatSnapshot<RawFrame> {
        public Snapshot() {
            super("RawFrameSerializer", format -> new RawFrameSerializer(), FORMAT);
        }
    }
}
