package io.mm.sources.ws;

import io.mm.core.Exchange;
import io.mm.core.feed.RawFrame;
import io.mm.sources.bitfinex.BitfinexProtocol;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The recorder's FLIP-27 source: WebSocket connections to Binance, Kraken and Bitfinex, each a split carrying
 * a group of symbols. Emits {@link RawFrame}s (frames and lifecycle) for the keyed operator; a clean stop is
 * a stop with drain. Build with {@link #builder()}.
 */
public final class WebSocketSource implements Source<RawFrame, ConnectionSplit, WebSocketEnumState> {
    private static final long serialVersionUID = 1L;

    private final List<ConnectionSplit> splits;
    private final WebSocketSettings settings;
    private final SymbolLocks locks;

    private WebSocketSource(List<ConnectionSplit> splits, WebSocketSettings settings, SymbolLocks locks) {
        this.splits = List.copyOf(splits);
        this.settings = settings;
        this.locks = locks;
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<ConnectionSplit> splits() {
        return splits;
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SourceReader<RawFrame, ConnectionSplit> createReader(SourceReaderContext readerContext) {
        return new WebSocketSourceReader(settings, readerContext);
    }

    @Override
    public SplitEnumerator<ConnectionSplit, WebSocketEnumState> createEnumerator(SplitEnumeratorContext<ConnectionSplit> ctx) {
        return new WebSocketSplitEnumerator(ctx, splits, splits, locks, null);
    }

    @Override
    public SplitEnumerator<ConnectionSplit, WebSocketEnumState> restoreEnumerator(SplitEnumeratorContext<ConnectionSplit> ctx,
                                                                                   WebSocketEnumState state) {
        String refusal = null;
        if (state.configured() != null && !sameConnections(state.configured(), splits)) {
            // its readers restore the checkpoint's connections: recording on would record what was not asked for
            refusal = "the checkpoint this job resumes from records " + describe(state.configured()) + ", this job " + describe(splits)
                    + ": start without that checkpoint (bin/mm record --fresh, flink run without -s; the recorded days are numbered on), "
                    + "or give each recorder a CHECKPOINT_DIR of its own";
        }
        return new WebSocketSplitEnumerator(ctx, state.unassigned(), splits, locks, refusal);
    }

    /** Whether two runs' connections are the same, in any order (a checkpoint of one restores into the other). */
    public static boolean sameConnections(List<ConnectionSplit> a, List<ConnectionSplit> b) {
        return connections(a).equals(connections(b));
    }

    private static java.util.Set<List<Object>> connections(List<ConnectionSplit> splits) {
        java.util.Set<List<Object>> out = new java.util.HashSet<>();
        for (ConnectionSplit s : splits) {
            out.add(List.of(s.id(), s.exchange(), java.util.Set.copyOf(s.symbols())));
        }
        return out;
    }

    /** The symbols of some connections, for a message: {@code binance BTCUSDT, ETHUSDT; kraken BTC/USD}. */
    public static String describe(List<ConnectionSplit> splits) {
        Map<Exchange, List<String>> by = new java.util.TreeMap<>();
        for (ConnectionSplit s : splits) {
            by.computeIfAbsent(s.exchange(), k -> new ArrayList<>()).addAll(s.symbols());
        }
        StringBuilder b = new StringBuilder();
        by.forEach((e, l) -> b.append(b.length() == 0 ? "" : "; ").append(e.id()).append(' ').append(String.join(", ", l)));
        return b.toString();
    }

    @Override
    public SimpleVersionedSerializer<ConnectionSplit> getSplitSerializer() {
        return new ConnectionSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<WebSocketEnumState> getEnumeratorCheckpointSerializer() {
        return new WebSocketEnumState.Serializer();
    }

    /** Groups symbols into connections within each exchange's limits. */
    public static final class Builder {
        private final Map<Exchange, List<String>> symbols = new LinkedHashMap<>();
        private final Map<Exchange, Integer> perConnection = new LinkedHashMap<>(Map.of(
                Exchange.BINANCE, 200, // 2 streams each: 400 of Binance's 1024 per connection
                Exchange.KRAKEN, 50,
                Exchange.BITFINEX, BitfinexProtocol.MAX_SYMBOLS_PER_CONNECTION)); // 2 channels each, 25 per connection
        private WebSocketSettings settings = WebSocketSettings.defaults();
        private String lockDataDir;
        private String lockRunId;

        public Builder settings(WebSocketSettings o) {
            this.settings = o;
            return this;
        }

        public Builder symbols(Exchange exchange, List<String> list) {
            symbols.computeIfAbsent(exchange, k -> new ArrayList<>()).addAll(list);
            return this;
        }

        /**
         * While the job runs, its symbols are locked in {@code dataDir} for run {@code runId} (core's
         * {@code RecorderLock}, taken where the enumerator runs): a second recorder of a symbol into the same files fails.
         */
        public Builder lockedIn(String dataDir, String runId) {
            this.lockDataDir = dataDir;
            this.lockRunId = runId;
            return this;
        }

        public Builder symbolsPerConnection(Exchange exchange, int n) {
            if (n < 1 || exchange == Exchange.BITFINEX && n > BitfinexProtocol.MAX_SYMBOLS_PER_CONNECTION) {
                throw new IllegalArgumentException(exchange.id() + ": symbols per connection must be 1.."
                        + (exchange == Exchange.BITFINEX ? BitfinexProtocol.MAX_SYMBOLS_PER_CONNECTION : "n"));
            }
            perConnection.put(exchange, n);
            return this;
        }

        public WebSocketSource build() {
            List<ConnectionSplit> splits = new ArrayList<>();
            int n = 0;
            for (Map.Entry<Exchange, List<String>> e : symbols.entrySet()) {
                List<String> list = e.getValue();
                int per = perConnection.get(e.getKey());
                for (int i = 0; i < list.size(); i += per) {
                    splits.add(new ConnectionSplit(n++ + "-" + e.getKey().id(), e.getKey(), list.subList(i, Math.min(list.size(), i + per))));
                }
            }
            if (splits.isEmpty()) {
                throw new IllegalArgumentException("no symbols to record");
            }
            return new WebSocketSource(splits, settings, lockDataDir == null ? null : new SymbolLocks(lockDataDir, lockRunId));
        }
    }
}
