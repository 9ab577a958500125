package io.mm.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.mm.simulator.market.Text;
import org.junit.jupiter.api.Test;

/** Numbers as each exchange writes them. */
class TextTest {
    @Test
    void fixedKeepsTrailingZerosLikeBinance() {
        assertThat(Text.fixed(6000001000000L, 8)).isEqualTo("60000.01000000");
        assertThat(Text.fixed(1, 8)).isEqualTo("0.00000001");
        assertThat(Text.fixed(0, 8)).isEqualTo("0.00000000");
        assertThat(Text.fixed(-15, 1)).isEqualTo("-1.5");
        assertThat(Text.fixed(42, 0)).isEqualTo("42");
    }

    @Test
    void jsWritesLikeJavaScriptNumberToString() {
        assertThat(Text.js(7, 7)).isEqualTo("7e-7");
        assertThat(Text.js(17, 8)).isEqualTo("1.7e-7");
        assertThat(Text.js(82, 7)).isEqualTo("0.0000082");
        assertThat(Text.js(1, 6)).isEqualTo("0.000001");
        assertThat(Text.js(400000000, 8)).isEqualTo("4");
        assertThat(Text.js(-271510490000L, 8)).isEqualTo("-2715.1049");
        assertThat(Text.js(0, 8)).isEqualTo("0");
        assertThat(Text.js(110, 8)).isEqualTo("0.0000011");
        assertThat(Text.js(1, 8)).isEqualTo("1e-8");
    }

    @Test
    void rfc3339MicrosLikeKraken() {
        assertThat(Text.rfc3339Micros(1696613755440L)).isEqualTo("2023-10-06T17:35:55.440000Z");
    }
}
