package io.mm.jobs.record;

import io.mm.simulator.Simulator;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code bin/mm record --simulate}: the simulator in this process, and the recorder pointed at it. */
final class SimulatedRecording {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedRecording.class);

    private SimulatedRecording() {}

    static Integer run(RecordCommand cmd) throws Exception {
        try (Simulator sim = Simulator.builder().build().start()) {
            Map<String, String> env = new HashMap<>(System.getenv());
            env.putAll(sim.urls().environment()); // flags still win over these
            LOG.info("--simulate: the simulator serves Binance, Kraken and Bitfinex on 127.0.0.1:{}", sim.port());
            return cmd.record(env);
        }
    }
}
