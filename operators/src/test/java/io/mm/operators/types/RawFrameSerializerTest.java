package io.mm.operators.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mm.core.Exchange;
import io.mm.core.feed.RawFrame;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** Flink's own checks of a serializer over frames of every exchange and type, texts at their edges, and what it refuses. */
class RawFrameSerializerTest extends SerializerTestBase<RawFrame> {

    @Override
    protected TypeSerializer<RawFrame> createSerializer() {
        return new RawFrameSerializer();
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<RawFrame> getTypeClass() {
        return RawFrame.class;
    }

    @Override
    protected boolean allowNullInstances(TypeSerializer<RawFrame> serializer) {
        return true; // a record: there is no empty instance to fill
    }

    @Override
    protected RawFrame[] getTestData() {
        List<RawFrame> frames = new ArrayList<>();
        for (Exchange e : Exchange.values()) {
            for (RawFrame.Type t : RawFrame.Type.values()) {
                frames.add(new RawFrame(e, "BTC/USD", "1-" + e.id(), t.ordinal(), t, 1_690_731_000_000_000L + t.ordinal(), -1,
                        "{\"channel\":\"book\",\"type\":\"" + t + "\"}"));
            }
        }
        frames.add(new RawFrame(Exchange.BINANCE, "", "", 0, RawFrame.Type.DATA, 0, 0, ""));
        frames.add(new RawFrame(Exchange.KRAKEN, "BTC/USD", "kraken/BTCUSD/20230730", Integer.MAX_VALUE, RawFrame.Type.REST_SNAPSHOT,
                Long.MAX_VALUE, Long.MAX_VALUE, "[" + "1.0,".repeat(50_000) + "2]")); // a whole snapshot file: 200 KB
        frames.add(new RawFrame(Exchange.BITFINEX, "tBTCEUR", "0-bitfinex", 3, RawFrame.Type.ERROR, Long.MIN_VALUE, -1,
                "closed: \u2018going away\u2019 \u2014 1001 \u2713 \uD83D\uDE80")); // not ASCII: written as UTF-8
        frames.add(new RawFrame(Exchange.BITFINEX, "tBTCEUR", "0-bitfinex", 1, RawFrame.Type.DATA, 1, 1, "\u00e9".repeat(70_000)));
        return frames.toArray(new RawFrame[0]);
    }

    @Test
    void anExchangeCodeThisBuildDoesNotKnowIsRefused() throws Exception {
        byte[] bytes = write(new RawFrame(Exchange.KRAKEN, "BTC/USD", "1-kraken", 1, RawFrame.Type.DATA, 1, -1, "{}"));
        assertThat(bytes[0]).isEqualTo(Exchange.KRAKEN.code());
        bytes[0] = 9;
        assertThatThrownBy(() -> read(bytes)).isInstanceOf(IOException.class)
                .hasMessage("RawFrameSerializer format 1: unknown Exchange code 9 (known: 0 BINANCE, 1 KRAKEN, 2 BITFINEX)");
    }

    @Test
    void aFrameTypeCodeThisBuildDoesNotKnowIsRefused() throws Exception {
        byte[] bytes = write(new RawFrame(Exchange.KRAKEN, "BTC/USD", "1-kraken", 1, RawFrame.Type.DATA, 1, -1, "{}"));
        assertThat(bytes[1]).isEqualTo(RawFrame.Type.DATA.code());
        bytes[1] = 100;
        assertThatThrownBy(() -> read(bytes)).isInstanceOf(IOException.class)
                .hasMessageStartingWith("RawFrameSerializer format 1: unknown Type code 100 (known: 0 DATA, 1 OPEN, ");
    }

    @Test
    void aSnapshotVersionThisBuildDoesNotKnowIsRefused() {
        assertThatThrownBy(() -> new RawFrameSerializer.Snapshot().readSnapshot(7, new DataInputDeserializer(new byte[4]),
                getClass().getClassLoader())).isInstanceOf(IOException.class)
                .hasMessage("RawFrameSerializer snapshot cannot read version 7: this build reads versions 3, 4 (state written by a newer build?)");
    }

    private static byte[] write(RawFrame f) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        new RawFrameSerializer().serialize(f, out);
        return out.getCopyOfBuffer();
    }

    private static RawFrame read(byte[] bytes) throws IOException {
        return new RawFrameSerializer().deserialize(new DataInputDeserializer(bytes));
    }
}
