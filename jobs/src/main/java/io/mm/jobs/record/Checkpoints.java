package io.mm.jobs.record;

import io.mm.sources.ws.ConnectionSplit;
import io.mm.sources.ws.WebSocketEnumState;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.source.coordinator.SourceCoordinatorSerdeUtils;
import org.apache.flink.runtime.state.memory.ByteStreamStateHandle;

/**
 * Finds completed checkpoints (and savepoints) under the checkpoint directory: directories with a {@code _metadata}
 * file, which Flink writes last, so an unfinished checkpoint is never picked; and what a checkpoint's run recorded.
 */
public final class Checkpoints {
    private Checkpoints() {}

    /**
     * A local directory as Flink reads a path string: {@code file://} and the path as it is. Flink escapes the
     * string itself, so a URI's escapes ({@code %20} for a space) would name another directory.
     */
    public static String flinkPath(Path dir) {
        return "file://" + dir.toAbsolutePath().normalize();
    }

    public static Optional<Path> newest(Path checkpointDir) throws IOException {
        List<Path> all = newestFirst(checkpointDir);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    /** Every completed checkpoint and savepoint under {@code checkpointDir}, the newest first. */
    public static List<Path> newestFirst(Path checkpointDir) throws IOException {
        if (!Files.isDirectory(checkpointDir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(checkpointDir, 3)) {
            List<Path> found = new ArrayList<>(s.filter(p -> p.getFileName().toString().equals("_metadata") && Files.isRegularFile(p))
                    .map(Path::getParent).toList());
            found.sort(Comparator.comparingLong((Path p) -> modified(p.resolve("_metadata"))).reversed());
            return found;
        }
    }

    /**
     * The connections (and so the symbols) the run that wrote {@code checkpoint} recorded, from its source enumerator's
     * state; empty when the checkpoint does not say (written before it did).
     *
     * @throws IOException when its {@code _metadata} cannot be read
     */
    public static Optional<List<ConnectionSplit>> recorded(Path checkpoint) throws IOException {
        CheckpointMetadata m;
        try (DataInputStream in = new DataInputStream(Files.newInputStream(checkpoint.resolve("_metadata")))) {
            m = org.apache.flink.runtime.checkpoint.Checkpoints.loadCheckpointMetadata(in, Checkpoints.class.getClassLoader(),
                    checkpoint.toString());
        }
        for (OperatorState s : m.getOperatorStates()) {
            ByteStreamStateHandle h = s.getCoordinatorState();
            if (h == null) {
                continue;
            }
            // the source coordinator's layout: its own format version, the enumerator serializer's version, length, bytes
            try (DataInputStream d = new DataInputStream(new ByteArrayInputStream(h.getData()))) {
                if (d.readInt() != SourceCoordinatorSerdeUtils.VERSION_1) {
                    continue;
                }
                int version = d.readInt();
                byte[] state = d.readNBytes(d.readInt());
                return Optional.ofNullable(new WebSocketEnumState.Serializer().deserialize(version, state).configured());
            } catch (IOException e) {
                // another operator's coordinator
            }
        }
        return Optional.empty();
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return Long.MIN_VALUE;
        }
    }
}
