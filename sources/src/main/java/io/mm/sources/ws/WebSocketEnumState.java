package io.mm.sources.ws;

import io.mm.core.state.VersionCheck;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** The enumerator's checkpoint: splits not yet assigned to a reader. */
public record WebSocketEnumState(List<ConnectionSplit> unassigned) {
    public WebSocketEnumState {
        unassigned = List.copyOf(unassigned);
    }

    /**
     * Versioned serializer of the enumerator checkpoint (checkpoints and savepoints hold it). Version 1: a split count
     * (int), then each split in {@link ConnectionSplitSerializer}'s version 1.
     */
    public static final class Serializer implements SimpleVersionedSerializer<WebSocketEnumState> {
        private static final int VERSION = 1;

        @Override
        public int getVersion() {
            return VERSION;
        }

        @Override
        public byte[] serialize(WebSocketEnumState s) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(s.unassigned().size());
                for (ConnectionSplit c : s.unassigned()) {
                    ConnectionSplitSerializer.write(c, out);
                }
            }
            return bytes.toByteArray();
        }

        @Override
        public WebSocketEnumState deserialize(int version, byte[] serialized) throws IOException {
            VersionCheck.check("WebSocketEnumState.Serializer", "version", version, VERSION);
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                int n = in.readInt();
                List<ConnectionSplit> l = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    l.add(ConnectionSplitSerializer.read(in));
                }
                return new WebSocketEnumState(l);
            }
        }
    }
}
