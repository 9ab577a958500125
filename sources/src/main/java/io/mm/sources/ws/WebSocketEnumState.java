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

/**
 * The enumerator's checkpoint: splits not yet assigned to a reader, and every split of the run that wrote it (what it
 * recorded), so that a run asking for other symbols never takes its readers' connections over.
 *
 * @param unassigned splits no reader holds
 * @param configured all splits of the run, or null when the checkpoint does not say (version 1)
 */
public record WebSocketEnumState(List<ConnectionSplit> unassigned, List<ConnectionSplit> configured) {
    public WebSocketEnumState {
        unassigned = List.copyOf(unassigned);
        configured = configured == null ? null : List.copyOf(configured);
    }

    /**
     * Versioned serializer of the enumerator checkpoint (checkpoints and savepoints hold it). Version 1: a split count
     * (int), then each split in {@link ConnectionSplitSerializer}'s version 1. Version 2: version 1's, then the
     * configured splits the same way.
     */
    public static final class Serializer implements SimpleVersionedSerializer<WebSocketEnumState> {
        private static final int VERSION = 2;

        @Override
        public int getVersion() {
            return VERSION;
        }

        @Override
        public byte[] serialize(WebSocketEnumState s) throws IOException {
            if (s.configured() == null) {
                throw new IOException("WebSocketEnumState.Serializer writes version " + VERSION + ", which needs the configured splits");
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                writeSplits(s.unassigned(), out);
                writeSplits(s.configured(), out);
            }
            return bytes.toByteArray();
        }

        @Override
        public WebSocketEnumState deserialize(int version, byte[] serialized) throws IOException {
            VersionCheck.check("WebSocketEnumState.Serializer", "version", version, 1, VERSION);
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                List<ConnectionSplit> unassigned = readSplits(in);
                return new WebSocketEnumState(unassigned, version >= 2 ? readSplits(in) : null);
            }
        }

        private static void writeSplits(List<ConnectionSplit> splits, DataOutputStream out) throws IOException {
            out.writeInt(splits.size());
            for (ConnectionSplit c : splits) {
                ConnectionSplitSerializer.write(c, out);
            }
        }

        private static List<ConnectionSplit> readSplits(DataInputStream in) throws IOException {
            int n = in.readInt();
            List<ConnectionSplit> l = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                l.add(ConnectionSplitSerializer.read(in));
            }
            return l;
        }
    }
}
