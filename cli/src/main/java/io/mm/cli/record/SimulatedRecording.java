package io.mm.cli.record;

import io.mm.jobs.record.RecordCommand;
import io.mm.simulator.Simulator;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code bin/mm record --simulate}: the simulator in this process, and the recorder pointed at it. */
public final class SimulatedRecording {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedRecording.class);

    private SimulatedRecording() {}

    /** The simulator serves the symbols asked for (its default majors for an exchange not asked), then records them. */
    public static Integer run(RecordCommand cmd, Map<String, String> environment) throws Exception {
        Integer refused = cmd.refuseBadSettings(environment);
        if (refused != null) {
            return refused; // said before the simulator starts, as without --simulate
        }
        Simulator.Builder b = Simulator.builder();
        cmd.symbolsAsked(environment).forEach(b::symbols);
        try (Simulator sim = b.build().start()) {
            Map<String, String> env = new HashMap<>(environment);
            env.putAll(sim.urls().environment()); // flags still win over these
            LOG.info("--simulate: the simulator serves Binance, Kraken and Bitfinex on 127.0.0.1:{}", sim.port());
            return cmd.record(env);
        }
    }
}
