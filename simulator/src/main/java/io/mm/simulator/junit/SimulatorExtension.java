package io.mm.simulator.junit;

import io.mm.simulator.Simulator;
import io.mm.simulator.SimulatorUrls;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A simulator on a free loopback port for a JUnit 5 test class (registered on a static field) or for each
 * test (an instance field), handing tests its base URLs:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final SimulatorExtension SIM = SimulatorExtension.with(b -> b.seed(7).rate(200));
 *
 * @Test
 * void records(SimulatorUrls urls) { ... urls.binanceWs() ... SIM.simulator().inject(...) }
 * }</pre>
 * Test methods may also take a {@link Simulator} parameter.
 */
public final class SimulatorExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback,
        ParameterResolver {
    private final Consumer<Simulator.Builder> setup;
    private Simulator simulator;
    private boolean perClass;

    private SimulatorExtension(Consumer<Simulator.Builder> setup) {
        this.setup = setup;
    }

    /** A simulator with the defaults: the exchanges' majors, seed 1, 50 steps/s per symbol. */
    public static SimulatorExtension defaults() {
        return new SimulatorExtension(b -> { });
    }

    public static SimulatorExtension with(Consumer<Simulator.Builder> setup) {
        return new SimulatorExtension(setup);
    }

    public Simulator simulator() {
        if (simulator == null) {
            throw new IllegalStateException("the simulator runs only while a test of its class runs");
        }
        return simulator;
    }

    public SimulatorUrls urls() {
        return simulator().urls();
    }

    private void startSimulator() {
        Simulator.Builder b = Simulator.builder();
        setup.accept(b);
        simulator = b.build().start();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        perClass = true;
        startSimulator();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!perClass) {
            startSimulator();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) {
            stop();
        }
    }

    private void stop() {
        if (simulator != null) {
            simulator.close();
            simulator = null;
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        Class<?> t = p.getParameter().getType();
        return t == Simulator.class || t == SimulatorUrls.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == Simulator.class ? simulator() : urls();
    }
}
