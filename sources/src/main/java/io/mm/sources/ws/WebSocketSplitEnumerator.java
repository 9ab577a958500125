package io.mm.sources.ws;

import io.mm.core.contract.RecorderLock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.util.FlinkRuntimeException;

/**
 * Hands the fixed list of connections to the registered readers, spread evenly, and takes back the splits
 * of a failed reader. Never signals "no more splits": the connections run until the job is stopped.
 */
final class WebSocketSplitEnumerator implements SplitEnumerator<ConnectionSplit, WebSocketEnumState> {
    private final SplitEnumeratorContext<ConnectionSplit> context;
    private final List<ConnectionSplit> pending;
    private final List<ConnectionSplit> configured;
    private final SymbolLocks locks;
    private final String refusal;
    private RecorderLock held;

    /**
     * {@code configured}: every split of the job; {@code locks}: the symbols to lock while the job runs, or null;
     * {@code refusal}: why the job must not run (the job fails when the enumerator starts, without restarts), or null.
     */
    WebSocketSplitEnumerator(SplitEnumeratorContext<ConnectionSplit> context, List<ConnectionSplit> pending, List<ConnectionSplit> configured,
                             SymbolLocks locks, String refusal) {
        this.context = context;
        this.pending = new ArrayList<>(pending);
        this.pending.sort(Comparator.comparing(ConnectionSplit::id));
        this.configured = List.copyOf(configured);
        this.locks = locks;
        this.refusal = refusal;
    }

    /** Locks the symbols first: no connection opens while another recorder writes their files. */
    @Override
    public void start() {
        // thrown here, the failure reaches the job (a restore's failure is only logged) and ends it without restarts
        if (refusal != null) {
            throw new SuppressRestartsException(new FlinkRuntimeException(refusal));
        }
        if (locks != null) {
            held = locks.acquire(configured);
        }
        assign();
    }

    /** Why the job must not run, or null. */
    String refusal() {
        return refusal;
    }

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
        // splits are pushed, not pulled
    }

    @Override
    public void addSplitsBack(List<ConnectionSplit> splits, int subtaskId) {
        pending.addAll(splits);
        pending.sort(Comparator.comparing(ConnectionSplit::id));
        assign();
    }

    @Override
    public void addReader(int subtaskId) {
        assign();
    }

    private void assign() {
        int parallelism = context.currentParallelism();
        List<ConnectionSplit> left = new ArrayList<>();
        for (ConnectionSplit s : pending) {
            int owner = Math.floorMod(ordinal(s), parallelism);
            if (context.registeredReaders().containsKey(owner)) {
                context.assignSplit(s, owner);
            } else {
                left.add(s);
            }
        }
        pending.clear();
        pending.addAll(left);
    }

    /** Splits are numbered when built ({@code <n>-<exchange>}): round-robin by number spreads them evenly. */
    static int ordinal(ConnectionSplit s) {
        String id = s.id();
        int dash = id.indexOf('-');
        try {
            return Integer.parseInt(dash < 0 ? id : id.substring(0, dash));
        } catch (NumberFormatException e) {
            return id.hashCode();
        }
    }

    @Override
    public WebSocketEnumState snapshotState(long checkpointId) {
        return new WebSocketEnumState(pending, configured);
    }

    @Override
    public void close() {
        if (held != null) {
            held.close();
        }
    }
}
