package io.mm.core.bitfinex;

import static org.assertj.core.api.Assertions.assertThat;

import io.mm.core.bitfinex.BitfinexSequence.Verdict;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Bitfinex's connection sequence numbers: read from every kind of channel frame, and judged in order. */
class BitfinexSequenceTest {
    static final long SEQ_TS = BitfinexParser.FLAG_SEQ_ALL | BitfinexParser.FLAG_TIMESTAMP | BitfinexParser.FLAG_CHECKSUM;
    static final long SEQ_ONLY = BitfinexParser.FLAG_SEQ_ALL;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // frames as tardis-node and the recorder's simulator show them, SEQ then MTS
        "[6959,[218.99,0,-1],61,1564617601769]|61",
        "[6959,[[218.99,1,2.5],[219,2,-1.25]],7,1564617601769]|7",
        "[6959,\"hb\",62,1564617601770]|62",
        "[6959,\"cs\",-1175357890,63,1564617601771]|63",
        "[17,\"te\",[401597393,1574694475039,0.005,7244.9],64,1574694475100]|64",
        "[17,\"tu\",[401597393,1574694475039,-0.005,7244.9],65,1574694475100]|65",
        "[17,[[401597393,1574694475039,0.005,7244.9],[401597392,1574694475000,-1,7244]],66,1574694475100]|66",
        "[17,[],67,1574694475100]|67",
        // appended fields after MTS are allowed: the SEQ stays the first after the data
        "[17,\"hb\",68,1574694475100,\"future\"]|68",
    })
    void readsTheSequenceNumberAfterTheDataWhateverItsShape(String frame, long seq) {
        assertThat(BitfinexSequence.sequenceOf(frame, SEQ_TS)).isEqualTo(seq);
    }

    @Test
    void withSequenceNumbersOnlyTheyAreLastAndWithoutThemThereAreNone() {
        assertThat(BitfinexSequence.sequenceOf("[6959,[218.99,0,-1],61]", SEQ_ONLY)).isEqualTo(61);
        assertThat(BitfinexSequence.sequenceOf("[6959,\"cs\",-5,62]", SEQ_ONLY)).isEqualTo(62);
        assertThat(BitfinexSequence.sequenceOf("[6959,[218.99,0,-1]]", BitfinexParser.FLAG_CHECKSUM)).isEqualTo(BitfinexSequence.NONE);
        assertThat(BitfinexSequence.sequenceOf("[6959,[218.99,0,-1]]", SEQ_TS)).as("granted but missing").isEqualTo(BitfinexSequence.NONE);
        assertThat(BitfinexSequence.sequenceOf("{\"event\":\"info\"}", SEQ_TS)).isEqualTo(BitfinexSequence.NONE);
        assertThat(BitfinexSequence.sequenceOf("[6959,[218.99,0,-1],-3,1]", SEQ_TS)).as("not a sequence number").isEqualTo(BitfinexSequence.NONE);
        assertThat(BitfinexSequence.sequenceOf("[6959,[218.99,0,", SEQ_TS)).as("truncated").isEqualTo(BitfinexSequence.NONE);
    }

    @Test
    void aFrameWithoutItsSequenceNumberKeepsEverythingElse() {
        assertThat(BitfinexSequence.withoutSequence("[6959,[218.99,0,-1],61,1564617601769]", SEQ_TS)).isEqualTo("[6959,[218.99,0,-1],1564617601769]");
        assertThat(BitfinexSequence.withoutSequence("[6959,\"cs\",-1175357890,63,1564617601771]", SEQ_TS))
                .isEqualTo("[6959,\"cs\",-1175357890,1564617601771]");
        assertThat(BitfinexSequence.withoutSequence("[6959,[218.99,0,-1],61]", SEQ_ONLY)).isEqualTo("[6959,[218.99,0,-1]]");
        assertThat(BitfinexSequence.withoutSequence("[6959,[218.99,0,-1]]", BitfinexParser.FLAG_CHECKSUM)).isEqualTo("[6959,[218.99,0,-1]]");
        assertThat(BitfinexSequence.withoutSequence("{\"event\":\"info\"}", SEQ_TS)).isEqualTo("{\"event\":\"info\"}");
    }

    @Test
    void judgesHolesLateMessagesAndRepeats() {
        BitfinexSequence s = new BitfinexSequence();
        assertThat(s.check(5)).as("the first of a connection").isEqualTo(Verdict.IN_ORDER);
        assertThat(s.check(6)).isEqualTo(Verdict.IN_ORDER);
        assertThat(s.check(9)).isEqualTo(Verdict.HOLE);
        assertThat(s.expected()).isEqualTo(7);
        assertThat(s.got()).isEqualTo(9);
        assertThat(s.check(8)).as("skipped, then arrived").isEqualTo(Verdict.LATE);
        assertThat(s.expected()).isEqualTo(10);
        assertThat(s.got()).isEqualTo(8);
        assertThat(s.check(8)).as("the same again").isEqualTo(Verdict.DUPLICATE);
        assertThat(s.check(9)).isEqualTo(Verdict.DUPLICATE);
        assertThat(s.check(10)).isEqualTo(Verdict.IN_ORDER);
        assertThat(s.check(7)).as("the other skipped one").isEqualTo(Verdict.LATE);
        assertThat(s.check(7)).isEqualTo(Verdict.DUPLICATE);
    }
}
