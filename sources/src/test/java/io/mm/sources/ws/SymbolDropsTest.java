package io.mm.sources.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.Exchange;
import io.mm.core.clock.RecorderClock;
import io.mm.core.feed.RawFrame;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

/**
 * A frame the full hand-off queue made the connection drop is a loss for its own symbol only: the other symbols of a
 * connection of many (167 on one Binance socket) keep their trades unmarked and their books unquestioned.
 */
class SymbolDropsTest {
    private static final List<String> SYMBOLS = List.of("BTC/USD", "ETH/USD", "SOL/USD");

    @Test
    void dropsAreReportedForTheSymbolsWhoseFramesWereDroppedOnceEach() {
        HandOffQueue queue = new HandOffQueue(1, 1);
        SymbolDrops drops = new SymbolDrops(SYMBOLS);
        ConnectionSplit split = new ConnectionSplit("0-kraken", Exchange.KRAKEN, SYMBOLS);
        ReaderMetrics metrics = new ReaderMetrics(new UnregisteredMetricsGroup(), queue);
        ConnectionFrames frames = new ConnectionFrames(split, queue, RecorderClock.system(), drops, metrics, new PingSchedule(20, 10), () -> false);

        frames.to("BTC/USD", 1, RawFrame.Type.DATA, "{}", ConnectionFrames.DEADLINE_FROM_NOW, false); // queued
        frames.to("BTC/USD", 1, RawFrame.Type.DATA, "{}", ConnectionFrames.DEADLINE_FROM_NOW, false); // dropped
        frames.to("ETH/USD", 1, RawFrame.Type.DATA, "{}", ConnectionFrames.DEADLINE_FROM_NOW, false); // dropped
        frames.to("BTC/USD", 1, RawFrame.Type.DATA, "{}", ConnectionFrames.DEADLINE_FROM_NOW, false); // dropped
        queue.poll();
        frames.to("SOL/USD", 1, RawFrame.Type.DATA, "{}", ConnectionFrames.DEADLINE_FROM_NOW, false); // queued
        assertThat(drops.pending()).isTrue();
        assertThat(report(drops)).containsExactly(Map.entry("BTC/USD", 2L), Map.entry("ETH/USD", 1L));
        assertThat(drops.pending()).isFalse();
        assertThat(report(drops)).as("reported once").isEmpty();

        frames.to("ETH/USD", 1, RawFrame.Type.DATA, "{}", ConnectionFrames.DEADLINE_FROM_NOW, false); // dropped
        assertThat(report(drops)).containsExactly(Map.entry("ETH/USD", 1L));
        assertThat(metrics.dropped.getCount()).isEqualTo(4);
    }

    @Test
    void aFrameForNoSymbolOfTheConnectionCountsAgainstEach() {
        SymbolDrops drops = new SymbolDrops(SYMBOLS);
        drops.dropped(null);
        drops.dropped("DOGE/USD");
        assertThat(report(drops)).containsExactly(Map.entry("BTC/USD", 2L), Map.entry("ETH/USD", 2L), Map.entry("SOL/USD", 2L));
    }

    private static Map<String, Long> report(SymbolDrops drops) {
        Map<String, Long> out = new LinkedHashMap<>();
        drops.report(out::put);
        return out;
    }
}
