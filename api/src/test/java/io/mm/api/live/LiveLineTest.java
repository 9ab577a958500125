package io.mm.api.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.contract.NdjsonLines;
import org.junit.jupiter.api.Test;

/** The head of a recorder line, read without a JSON parser. */
class LiveLineTest {
    private static final String LINE = "{\"recv_seq\":1234567,\"recv_ts_us\":1796473903108661,\"exchange\":\"binance\",\"symbol\":\"BTCUSDT\","
            + "\"attempt\":0,\"raw\":{\"e\":\"depthUpdate\",\"U\":1,\"u\":2}}";

    @Test
    void theHeadSeqIsTheLinesRecvSeqAndMinusOneForAnythingElse() {
        assertThat(NdjsonLines.headSeq(LINE)).isEqualTo(1234567);
        assertThat(NdjsonLines.headSeq(LINE)).isEqualTo(LiveLine.parse(LINE, true).seq());
        assertThat(NdjsonLines.headSeq("{\"recv_seq\":,\"recv_ts_us\":1}")).isEqualTo(-1);
        assertThat(NdjsonLines.headSeq("{\"e\":\"depthUpdate\"}")).isEqualTo(-1);
        assertThat(NdjsonLines.headSeq("")).isEqualTo(-1);
        assertThat(NdjsonLines.headSeq("{\"recv_seq\":12345")).as("a head cut in its number").isEqualTo(-1);
    }

    @Test
    void aLineReadsItsHeadFieldsAndRawFrame() {
        LiveLine l = LiveLine.parse(LINE, true);
        assertThat(l.recvTsUs()).isEqualTo(1796473903108661L);
        assertThat(l.attempt()).isZero();
        assertThat(l.symbol()).isEqualTo("BTCUSDT");
        assertThat(l.raw()).isEqualTo("{\"e\":\"depthUpdate\",\"U\":1,\"u\":2}");
        assertThat(LiveLine.parse(LINE.substring(0, 60), true)).as("a torn line").isNull();
    }
}
