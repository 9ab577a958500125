package io.mm.jobs.record;

import io.mm.sources.ws.ConnectionSplit;
import io.mm.sources.ws.WebSocketEnumState;
import io.mm.sources.ws.WebSocketSource;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.NoSuchFileException;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds completed checkpoints (and savepoints) under the checkpoint directory: directories with a {@code _metadata}
 * file, which Flink writes last, so an unfinished checkpoint is never picked; what a checkpoint's run recorded, and so
 * which one a run resumes; and prunes what clean stops leave behind.
 */
public final class Checkpoints {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);

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

    /**
     * The newest checkpoint or savepoint in {@code checkpointDir} of a run that recorded the same connections (or that
     * does not say what it recorded): another run's (other symbols; recorders sharing a DATA_DIR) would restore its
     * connections. None: a fresh start, said on the console when checkpoints of other runs were passed over.
     */
    public static Optional<Path> resumePoint(Path checkpointDir, List<ConnectionSplit> connections) throws IOException {
        Path other = null;
        String otherRecorded = null;
        for (Path p : newestFirst(checkpointDir)) {
            Optional<List<ConnectionSplit>> recorded;
            try {
                recorded = recorded(p);
            } catch (IOException e) {
                LOG.warn("{}: cannot read what it recorded, passed over: {}", p, e.getMessage());
                continue;
            }
            if (recorded.isEmpty() || WebSocketSource.sameConnections(recorded.get(), connections)) {
                return Optional.of(p);
            }
            if (other == null) {
                other = p;
                otherRecorded = WebSocketSource.describe(recorded.get());
            }
        }
        if (other != null) {
            LOG.info("no checkpoint in {} records {} (the newest, {}, records {}): starting fresh; the recorded days are numbered on",
                    checkpointDir, WebSocketSource.describe(connections), other, otherRecorded);
        }
        return Optional.empty();
    }

    /**
     * Deletes the savepoints under {@code savepointsDir} of runs that recorded {@code connections}, all but the newest
     * {@code keep}: a clean stop writes one each time, and only the newest is resumed. Savepoints that do not say what
     * they recorded, or of other symbols, are left alone; one that cannot be deleted is logged and left.
     *
     * @return the savepoints deleted
     */
    public static List<Path> pruneSavepoints(Path savepointsDir, List<ConnectionSplit> connections, int keep) throws IOException {
        List<Path> removed = new ArrayList<>();
        int same = 0;
        for (Path p : newestFirst(savepointsDir)) {
            Optional<List<ConnectionSplit>> recorded;
            try {
                recorded = recorded(p);
            } catch (IOException e) {
                continue;
            }
            if (recorded.isEmpty() || !WebSocketSource.sameConnections(recorded.get(), connections) || ++same <= keep) {
                continue;
            }
            try {
                deleteTree(p);
                removed.add(p);
            } catch (IOException e) {
                LOG.warn("{}: cannot delete this older savepoint: {}", p, e.getMessage());
            }
        }
        return removed;
    }

    /**
     * Deletes the checkpoint directory of a job that stopped with a savepoint: the savepoint holds all its state and is
     * newer than every checkpoint there.
     */
    public static void deleteStoppedJob(Path jobDir) {
        try {
            if (Files.isDirectory(jobDir)) {
                deleteTree(jobDir);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: cannot delete the stopped job's checkpoints: {}", jobDir, e.toString());
        }
    }

    /** Deletes a directory tree; Flink may still be discarding a finished job's checkpoints in it meanwhile. */
    private static void deleteTree(Path dir) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
                return;
            } catch (NoSuchFileException e) {
                if (!Files.exists(dir)) {
                    return;
                }
                retryOrThrow(attempt, e);
            } catch (UncheckedIOException e) {
                retryOrThrow(attempt, e.getCause());
            } catch (DirectoryNotEmptyException e) {
                retryOrThrow(attempt, e);
            }
        }
    }

    private static void retryOrThrow(int attempt, IOException e) throws IOException {
        if (attempt >= 5) {
            throw e;
        }
        try {
            Thread.sleep(200L * attempt);
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            throw e;
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return Long.MIN_VALUE;
        }
    }
}
