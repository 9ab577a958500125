package io.mm.sources.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mm.core.Exchange;
import java.util.List;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.junit.jupiter.api.Test;

/**
 * A checkpoint restores only into a job recording the same connections: its readers bring their connections back, so
 * a job asking for other symbols would record the checkpoint's instead. Such a job fails as its enumerator starts, without
 * restarts.
 */
class WebSocketSourceRestoreTest {
    static WebSocketSource source(String... binance) {
        return WebSocketSource.builder().symbols(Exchange.BINANCE, List.of(binance)).symbols(Exchange.KRAKEN, List.of("BTC/USD")).build();
    }

    private static String refusal(WebSocketSource s, WebSocketEnumState state) {
        return ((WebSocketSplitEnumerator) s.restoreEnumerator(null, state)).refusal();
    }

    @Test
    void aCheckpointOfOtherSymbolsIsRefusedNamingBoth() {
        WebSocketSource before = source("BTCUSDT");
        WebSocketEnumState state = new WebSocketEnumState(List.of(), before.splits());
        assertThatThrownBy(() -> source("ETHUSDT").restoreEnumerator(null, state).start()).isInstanceOf(SuppressRestartsException.class)
                .rootCause().hasMessage("the checkpoint this job resumes from records binance BTCUSDT; kraken BTC/USD, this job binance "
                        + "ETHUSDT; kraken BTC/USD: start without that checkpoint (bin/mm record --fresh, flink run without -s; the recorded "
                        + "days are numbered on), or give each recorder a CHECKPOINT_DIR of its own");
    }

    @Test
    void theSameConnectionsInAnyOrderOrACheckpointThatDoesNotSayRestore() {
        WebSocketSource s = source("BTCUSDT", "ETHUSDT");
        List<ConnectionSplit> reversed = new java.util.ArrayList<>(s.splits());
        java.util.Collections.reverse(reversed);
        assertThat(WebSocketSource.sameConnections(reversed, s.splits())).isTrue();
        assertThat(refusal(s, new WebSocketEnumState(List.of(), reversed))).isNull();
        assertThat(refusal(s, new WebSocketEnumState(List.of(), null))).as("version 1: as before").isNull();
        assertThat(refusal(s, new WebSocketEnumState(List.of(), source("BTCUSDT").splits()))).as("a symbol more").isNotNull();
        assertThat(WebSocketSource.sameConnections(source("ETHUSDT", "BTCUSDT").splits(), s.splits())).as("symbols in another order").isTrue();
        assertThat(WebSocketSource.sameConnections(source("ETHUSDT").splits(), s.splits())).as("a symbol less").isFalse();
        assertThat(WebSocketSource.sameConnections(WebSocketSource.builder().symbols(Exchange.BINANCE, List.of("BTCUSDT", "ETHUSDT"))
                .symbolsPerConnection(Exchange.BINANCE, 1).symbols(Exchange.KRAKEN, List.of("BTC/USD")).build().splits(), s.splits()))
                .as("the same symbols over other connections").isFalse();
    }
}
