package io.mm.sinks.day;

import io.mm.core.state.VersionCheck;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Pending committables, in checkpoints and savepoints until committed; a build reads every version written before it.
 *
 * <p>Version 1: kind (a byte: {@link StagedRange#APPEND_RAW}, {@link io.mm.core.contract.FileRecord#APPEND} or
 * {@link io.mm.core.contract.FileRecord#WHOLE_FILE}); path, staging file (UTF); offset, length, member base, member seq
 * (long); ranges in the staging file (int); rows (long). A layout change is a new version: read the old ones too, and
 * commit the new one's bytes beside theirs ({@code StagedRangeSerializerTest}).
 */
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
        VersionCheck.check("StagedRangeSerializer", "version", version, VERSION);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            return new StagedRange(in.readByte(), in.readUTF(), in.readUTF(), in.readLong(), in.readLong(), in.readLong(),
                    in.readLong(), in.readInt(), in.readLong());
        }
    }
}
