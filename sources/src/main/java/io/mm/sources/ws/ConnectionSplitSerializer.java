package io.mm.sources.ws;

import io.mm.core.Exchange;
import io.mm.core.state.VersionCheck;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Versioned serializer of {@link ConnectionSplit}: the readers' checkpoints and savepoints hold their splits, the
 * enumerator's the unassigned ones ({@link WebSocketEnumState}); a build reads every version written before it.
 *
 * <p>Version 1: split id (UTF); exchange by its {@link Exchange#id()} (UTF); symbol count (int), each symbol (UTF). A layout
 * change is a new version: read the old ones too, and commit the new one's bytes beside theirs
 * ({@code ConnectionSplitSerializerTest}).
 */
public final class ConnectionSplitSerializer implements SimpleVersionedSerializer<ConnectionSplit> {
    private static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(ConnectionSplit s) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            write(s, out);
        }
        return bytes.toByteArray();
    }

    static void write(ConnectionSplit s, DataOutputStream out) throws IOException {
        out.writeUTF(s.id());
        out.writeUTF(s.exchange().id());
        out.writeInt(s.symbols().size());
        for (String sym : s.symbols()) {
            out.writeUTF(sym);
        }
    }

    @Override
    public ConnectionSplit deserialize(int version, byte[] serialized) throws IOException {
        VersionCheck.check("ConnectionSplitSerializer", "version", version, VERSION);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            return read(in);
        }
    }

    static ConnectionSplit read(DataInputStream in) throws IOException {
        String id = in.readUTF();
        Exchange ex;
        try {
            ex = Exchange.parse(in.readUTF());
        } catch (IllegalArgumentException e) {
            throw new IOException("ConnectionSplitSerializer version " + VERSION + ", split " + id + ": " + e.getMessage(), e);
        }
        int n = in.readInt();
        List<String> symbols = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            symbols.add(in.readUTF());
        }
        return new ConnectionSplit(id, ex, symbols);
    }
}
