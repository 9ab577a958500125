package io.mm.sources.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.binance.BinanceParser;
import io.mm.sources.binance.BinanceProtocol;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionHandoverTest {
    private static final long OPEN_TIMEOUT_MS = 10_000;

    private static SessionHandover handover() {
        return new SessionHandover(new BinanceProtocol("ws://127.0.0.1:1", List.of("BTCUSDT", "ETHUSDT")), new BinanceParser(),
                "session reached WS_MAX_SESSION_S=4.0 s", 1_000, OPEN_TIMEOUT_MS);
    }

    private static String depth(String symbol, long first, long last) {
        return "{\"stream\":\"" + symbol.toLowerCase() + "@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1,\"s\":\"" + symbol
                + "\",\"U\":" + first + ",\"u\":" + last + ",\"b\":[[\"1.00\",\"2.0\"]],\"a\":[]}}";
    }

    private static String trade(String symbol, long id) {
        return "{\"stream\":\"" + symbol.toLowerCase() + "@trade\",\"data\":{\"e\":\"trade\",\"E\":1,\"s\":\"" + symbol + "\",\"t\":" + id
                + ",\"p\":\"1.00\",\"q\":\"2.0\",\"T\":1,\"m\":true,\"M\":true}}";
    }

    @Test
    void releasesWhatTheLiveSocketDidNotDeliverInArrivalOrder() {
        SessionHandover h = handover();
        h.delivered("BTCUSDT", depth("BTCUSDT", 10, 12));
        h.delivered("BTCUSDT", trade("BTCUSDT", 100));
        h.hold("BTCUSDT", depth("BTCUSDT", 11, 12)); // already delivered
        h.hold("BTCUSDT", trade("BTCUSDT", 100)); // already delivered
        h.hold("BTCUSDT", depth("BTCUSDT", 13, 15));
        h.hold("BTCUSDT", trade("BTCUSDT", 101));
        h.hold(null, "{\"stream\":\"!serverShutdown\",\"data\":{\"e\":\"serverShutdown\",\"E\":1}}");
        assertThat(h.caughtUp()).isTrue();
        h.hold("ETHUSDT", depth("ETHUSDT", 7, 7)); // nothing of ETHUSDT delivered during the handover: passed on at the switch
        List<String> out = new ArrayList<>();
        h.release(5_000).forEach(x -> out.add(x.symbol() + " " + x.text()));
        assertThat(out).containsExactly("BTCUSDT " + depth("BTCUSDT", 13, 15), "BTCUSDT " + trade("BTCUSDT", 101),
                "null {\"stream\":\"!serverShutdown\",\"data\":{\"e\":\"serverShutdown\",\"E\":1}}", "ETHUSDT " + depth("ETHUSDT", 7, 7));
        assertThat(h.describe("BTCUSDT")).isEqualTo("session handed over to a new socket (session reached WS_MAX_SESSION_S=4.0 s): "
                + "4 frame(s) held, 2 already delivered, the book continues at U=13 after u=12");
        assertThat(h.describe("ETHUSDT")).endsWith("1 frame(s) held, 0 already delivered, the book continues at U=7");
    }

    @Test
    void aSuccessorThatLagsTheOldSocketRepeatsNothingAfterTheSwitch() {
        SessionHandover h = handover();
        h.delivered("BTCUSDT", depth("BTCUSDT", 10, 12));
        h.delivered("BTCUSDT", trade("BTCUSDT", 100));
        h.delivered("BTCUSDT", trade("BTCUSDT", 101));
        h.hold("BTCUSDT", depth("BTCUSDT", 10, 12));
        h.hold("BTCUSDT", trade("BTCUSDT", 100));
        assertThat(h.release(5_000)).as("all delivered already").isEmpty();
        assertThat(h.expired(5_000 + SessionHandover.CATCH_UP_MS)).isFalse();
        assertThat(h.expired(5_001 + SessionHandover.CATCH_UP_MS)).as("checked for repeats a bounded time").isTrue();
        assertThat(h.behind()).as("the successor's trades have not passed 101 yet").isTrue();
        assertThat(h.repeat("BTCUSDT", trade("BTCUSDT", 101))).isTrue();
        assertThat(h.repeat("BTCUSDT", depth("BTCUSDT", 13, 14))).isFalse();
        assertThat(h.behind()).isTrue();
        assertThat(h.repeat("BTCUSDT", trade("BTCUSDT", 102))).isFalse();
        assertThat(h.behind()).as("both streams passed").isFalse();
        assertThat(h.repeat("BTCUSDT", trade("BTCUSDT", 101))).as("a passed symbol is not read again").isFalse();
    }

    @Test
    void waitsUntilTheLiveSocketHasDeliveredWhatPrecedesTheSuccessorsFirstUpdate() {
        SessionHandover h = handover();
        h.delivered("BTCUSDT", depth("BTCUSDT", 10, 12));
        h.hold("BTCUSDT", depth("BTCUSDT", 16, 18)); // 13..15 not yet delivered by the live socket
        assertThat(h.caughtUp()).isFalse();
        h.delivered("BTCUSDT", depth("BTCUSDT", 13, 15));
        assertThat(h.caughtUp()).isTrue();
        h.hold("ETHUSDT", depth("ETHUSDT", 5, 6)); // the live socket has delivered nothing of ETHUSDT yet
        assertThat(h.caughtUp()).isFalse();
    }

    @Test
    void stepsWaitForTheSuccessorToSettleThenSwitchOrGiveUp() {
        SessionHandover h = handover();
        assertThat(h.next(1_000 + OPEN_TIMEOUT_MS)).isEqualTo(SessionHandover.Step.WAIT);
        assertThat(h.next(1_001 + OPEN_TIMEOUT_MS)).as("never opened").isEqualTo(SessionHandover.Step.ABANDON);

        SessionHandover caughtUp = handover();
        caughtUp.successorOpened(2_000, 500);
        assertThat(caughtUp.next(2_000 + 500 + SessionHandover.SETTLE_MS - 1)).as("settling").isEqualTo(SessionHandover.Step.WAIT);
        assertThat(caughtUp.next(2_000 + 500 + SessionHandover.SETTLE_MS)).isEqualTo(SessionHandover.Step.SWITCH);

        SessionHandover behind = handover();
        behind.successorOpened(2_000, 0);
        behind.hold("BTCUSDT", depth("BTCUSDT", 16, 18));
        long settled = 2_000 + SessionHandover.SETTLE_MS;
        assertThat(behind.next(settled)).as("the live socket is behind").isEqualTo(SessionHandover.Step.WAIT);
        assertThat(behind.next(settled + SessionHandover.CATCH_UP_MS)).isEqualTo(SessionHandover.Step.SWITCH_LATE);
    }
}
