package io.mm.sinks.day;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Checkpoints pending committables; versioned so a later format can still read this one. */
public final class StagedRangeSerializer implements SimpleVersionedSerializer<StagedRange> {
    private static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(StagedRange r) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(96 + r.path().length() * 2);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(r.kind());
            out.writeUTF(r.path());
            out.writeUTF(r.stagingFile());
            out.writeLong(r.offset());
            out.writeLong(r.length());
            out.writeLong(r.memberBase());
            out.writeLong(r.memberSeq());
            out.writeInt(r.rangesInFile());
            out.writeLong(r.rows());
        }
        return bytes.toByteArray();
    }

    @Override
    public StagedRange deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("unknown StagedRange version " + version);
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            return new StagedRange(in.readByte(), in.readUTF(), in.readUTF(), in.readLong(), in.readLong(), in.readLong(),
                    in.readLong(), in.readInt(), in.readLong());
        }
    }
}
