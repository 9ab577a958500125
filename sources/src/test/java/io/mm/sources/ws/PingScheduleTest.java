package io.mm.sources.ws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PingScheduleTest {

    @Test
    void theFirstPingGoesOutOneIntervalAfterTheSocketOpened() {
        PingSchedule p = new PingSchedule(20, 10);
        p.opened(1_000_000);
        assertThat(p.due(1_000_000)).as("not at connect").isFalse();
        assertThat(p.due(1_019_999)).isFalse();
        assertThat(p.due(1_020_000)).isTrue();
        p.sent(1_020_000, false);
        assertThat(p.due(1_045_000)).as("none while one is unanswered").isFalse();
        assertThat(p.expired(1_030_000)).isFalse();
        assertThat(p.expired(1_030_001)).as("no pong within the timeout").isTrue();
        p.pong();
        assertThat(p.expired(1_045_000)).isFalse();
        assertThat(p.due(1_039_999)).isFalse();
        assertThat(p.due(1_040_000)).as("an interval after the last").isTrue();
    }

    @Test
    void protocolPingsNeedNoAnswerHereAndAReconnectStartsAgain() {
        PingSchedule p = new PingSchedule(5, 1);
        p.opened(0);
        p.sent(5_000, true);
        assertThat(p.expired(60_000)).isFalse();
        assertThat(p.due(10_000)).isTrue();
        p.sent(10_000, false);
        p.opened(11_000); // a new socket: what the old one awaited does not count
        assertThat(p.expired(20_000)).isFalse();
        assertThat(p.due(15_999)).isFalse();
        assertThat(p.due(16_000)).isTrue();
    }

    @Test
    void theReadersWaitsForRoomDoNotCountAgainstThePong() {
        PingSchedule p = new PingSchedule(20, 10);
        p.opened(0);
        p.holding(15_000); // a wait that began before the ping counts whole
        p.sent(20_000, false);
        p.released(21_000);
        p.holding(25_000);
        assertThat(p.expired(60_000)).as("never while the reader waits").isFalse();
        p.released(35_000);
        // 20 s since the ping, of which 6 + 10 s waiting: 4 s of reading
        assertThat(p.expired(40_000)).isFalse();
        assertThat(p.expired(46_000)).isFalse();
        assertThat(p.expired(46_001)).as("10 s of reading without a pong").isTrue();
        p.opened(50_000);
        p.sent(70_000, false);
        assertThat(p.expired(80_001)).as("a new socket starts without the old one's waits").isTrue();
    }
}
