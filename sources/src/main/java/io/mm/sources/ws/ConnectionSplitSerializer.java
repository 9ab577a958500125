package io.mm.sources.ws;

import io.mm.core.Exchange;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Versioned serializer of {@link ConnectionSplit} (checkpointed by readers and the enumerator). */
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
        if (version != VERSION) {
            throw new IOException("unknown ConnectionSplit version " + version);
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            return read(in);
        }
    }

    static ConnectionSplit read(DataInputStream in) throws IOException {
        String id = in.readUTF();
        Exchange ex = Exchange.parse(in.readUTF());
        int n = in.readInt();
        List<String> symbols = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            symbols.add(in.readUTF());
        }
        return new ConnectionSplit(id, ex, symbols);
    }
}
