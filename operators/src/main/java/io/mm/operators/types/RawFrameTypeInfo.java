package io.mm.operators.types;

import io.mm.core.feed.RawFrame;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Type information of {@link RawFrame} with its own {@link RawFrameSerializer}: give it to {@code fromSource}. */
public final class RawFrameTypeInfo extends TypeInformation<RawFrame> {
    private static final long serialVersionUID = 1L;
    public static final RawFrameTypeInfo INSTANCE = new RawFrameTypeInfo();

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<RawFrame> getTypeClass() {
        return RawFrame.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<RawFrame> createSerializer(SerializerConfig config) {
        return new RawFrameSerializer();
    }

    @Override
    public String toString() {
        return "RawFrame";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawFrameTypeInfo;
    }

    @Override
    public int hashCode() {
        return RawFrameTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof RawFrameTypeInfo;
    }
}
