package io.mm.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mm.core.Exchange;
import io.mm.core.feed.RawFrame;
import io.mm.core.sync.SyncState;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

/** The codes written into checkpoints and records are pinned here: a code that changed would misread every byte written before. */
class EnumCodesTest {
    @Test
    void syncStatesKeepTheirCodes() {
        assertThat(codes(SyncState.values(), SyncState::code)).containsExactly(Map.entry("CONNECTING", 0), Map.entry("SNAPSHOT", 1),
                Map.entry("SYNCING", 2), Map.entry("SYNCED", 3), Map.entry("RESYNCING", 4), Map.entry("STOPPED", 5));
        assertDecodesEvery(SyncState.values(), SyncState::code, SyncState::ofCode);
    }

    @Test
    void exchangesKeepTheirCodesAndIds() {
        assertThat(codes(Exchange.values(), Exchange::code)).containsExactly(Map.entry("BINANCE", 0), Map.entry("KRAKEN", 1),
                Map.entry("BITFINEX", 2));
        assertThat(Arrays.stream(Exchange.values()).map(Exchange::id)).containsExactly("binance", "kraken", "bitfinex");
        assertDecodesEvery(Exchange.values(), Exchange::code, Exchange::ofCode);
    }

    @Test
    void frameTypesKeepTheirCodes() {
        assertThat(codes(RawFrame.Type.values(), RawFrame.Type::code)).containsExactly(Map.entry("DATA", 0), Map.entry("OPEN", 1),
                Map.entry("CLOSE", 2), Map.entry("ERROR", 3), Map.entry("RECONNECT", 4), Map.entry("STALL", 5), Map.entry("OVERFLOW", 6),
                Map.entry("REST_SNAPSHOT", 7), Map.entry("BOOK_SNAPSHOT", 8), Map.entry("INPUT_ERROR", 9), Map.entry("END_OF_DAY", 10),
                Map.entry("SEQUENCE", 11), Map.entry("CHECKPOINT_SNAPSHOT", 12), Map.entry("SUBSCRIBED", 13), Map.entry("INSTRUMENT", 14),
                Map.entry("GRANTED_FLAGS", 15), Map.entry("RUN_START", 16), Map.entry("HANDOVER", 17),
                Map.entry("RECOVERY", 18), Map.entry("WINDOW_START", 19));
        assertDecodesEvery(RawFrame.Type.values(), RawFrame.Type::code, RawFrame.Type::ofCode);
    }

    @Test
    void anUnknownCodeFailsNamingTheCodeAndTheEnum() {
        assertThatThrownBy(() -> SyncState.ofCode(9)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown SyncState code 9 (known: 0 CONNECTING, 1 SNAPSHOT, 2 SYNCING, 3 SYNCED, 4 RESYNCING, 5 STOPPED)");
        assertThatThrownBy(() -> Exchange.ofCode(-1)).hasMessage("unknown Exchange code -1 (known: 0 BINANCE, 1 KRAKEN, 2 BITFINEX)");
        assertThatThrownBy(() -> EnumCodes.of(Sparse.class, Sparse::code).decode(2)).hasMessage("unknown Sparse code 2 (known: 1 A, 7 B)");
    }

    @Test
    void twoConstantsCannotShareACodeNorHaveOneBeyondAByte() {
        assertThatThrownBy(() -> EnumCodes.of(Sparse.class, s -> 3)).hasMessage("Sparse.B and A share code 3");
        assertThatThrownBy(() -> EnumCodes.of(Sparse.class, s -> s.code * 100)).hasMessage("Sparse.B has code 700, outside 0..127");
    }

    private enum Sparse {
        A(1),
        B(7);

        final int code;

        Sparse(int code) {
            this.code = code;
        }

        int code() {
            return code;
        }
    }

    private static <E extends Enum<E>> Map<String, Integer> codes(E[] values, ToIntFunction<E> code) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (E e : values) {
            m.put(e.name(), code.applyAsInt(e));
        }
        return m;
    }

    private static <E extends Enum<E>> void assertDecodesEvery(E[] values, ToIntFunction<E> code, Function<Integer, E> decode) {
        for (E e : values) {
            assertThat(decode.apply(code.applyAsInt(e))).isSameAs(e);
        }
    }
}
