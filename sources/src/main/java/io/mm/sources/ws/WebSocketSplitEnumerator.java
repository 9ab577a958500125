package io.mm.sources.ws;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

/**
 * Hands the fixed list of connections to the registered readers, spread evenly, and takes back the splits
 * of a failed reader. Never signals "no more splits": the connections run until the job is stopped.
 */
final class WebSocketSplitEnumerator implements SplitEnumerator<ConnectionSplit, WebSocketEnumState> {
    private final SplitEnumeratorContext<ConnectionSplit> context;
    private final List<ConnectionSplit> pending;

    WebSocketSplitEnumerator(SplitEnumeratorContext<ConnectionSplit> context, List<ConnectionSplit> pending) {
        this.context = context;
        this.pending = new ArrayList<>(pending);
        this.pending.sort(Comparator.comparing(ConnectionSplit::id));
    }

    @Override
    public void start() {
        assign();
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
        return new WebSocketEnumState(pending);
    }

    @Override
    public void close() {
    }
}
