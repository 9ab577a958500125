package io.mm.sources.ws;

import io.mm.core.Exchange;
import io.mm.core.contract.RecorderLock;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.util.FlinkRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where and for which run the enumerator locks its connections' symbols ({@link RecorderLock}). */
final class SymbolLocks implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SymbolLocks.class);

    private final String dataDir;
    private final String runId;

    SymbolLocks(String dataDir, String runId) {
        this.dataDir = dataDir;
        this.runId = runId;
    }

    /**
     * Locks the symbols of {@code connections}.
     *
     * @throws FlinkRuntimeException naming the symbol and the other recorder, when another run holds one; a data
     *                               directory this process cannot create is left to the writers to report
     */
    RecorderLock acquire(List<ConnectionSplit> connections) {
        Map<Exchange, List<String>> symbols = new LinkedHashMap<>();
        for (ConnectionSplit c : connections) {
            symbols.computeIfAbsent(c.exchange(), e -> new ArrayList<>()).addAll(c.symbols());
        }
        try {
            return RecorderLock.acquire(Paths.get(dataDir), symbols, runId);
        } catch (RecorderLock.ConflictException e) {
            // restarted with the job's restart strategy: a JobManager that high availability replaced may hold the lock
            // until its lease on a network file system runs out; another recorder keeps it, and the job gives up
            throw new FlinkRuntimeException(e.getMessage());
        } catch (IOException e) {
            LOG.warn("cannot lock the recorded symbols in {} ({}): nothing stops a second recorder writing the same files", dataDir,
                    e.getMessage());
            return null;
        }
    }
}
