package io.mm.operators.types;

import io.mm.core.state.VersionCheck;
import java.io.IOException;
import java.util.function.IntFunction;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The snapshot Flink keeps beside a serializer's state in every checkpoint and savepoint, for a serializer whose layout is
 * a numbered format: it records the format written, and on restore says whether this build reads it.
 *
 * <p>Snapshot version 3 is what {@link SimpleTypeSerializerSnapshot} wrote (no payload), in the builds that wrote format 1
 * only; version 4 holds the format. Any other snapshot version, or a format this build does not read, is refused naming
 * the serializer: state from a newer build.
 *
 * @param <T> the serialized type
 */
public abstract class FormatSnapshot<T> implements TypeSerializerSnapshot<T> {
    static final int SIMPLE_SNAPSHOT_VERSION = 3;
    static final int VERSION = 4;

    private final String serializer;
    private final IntFunction<TypeSerializer<T>> readerOf;
    private final int[] formats;
    private int format;

    /**
     * @param serializer the serializer's name, for messages
     * @param readerOf   a serializer that reads the given format
     * @param formats    the formats this build reads, the one it writes last
     */
    protected FormatSnapshot(String serializer, IntFunction<TypeSerializer<T>> readerOf, int... formats) {
        this.serializer = serializer;
        this.readerOf = readerOf;
        this.formats = formats.clone();
        this.format = formats[formats.length - 1];
    }

    /** The format of the state this snapshot describes. */
    public final int format() {
        return format;
    }

    @Override
    public final int getCurrentVersion() {
        return VERSION;
    }

    @Override
    public final void writeSnapshot(DataOutputView out) throws IOException {
        out.writeInt(format);
    }

    @Override
    public final void readSnapshot(int readVersion, DataInputView in, ClassLoader userCodeClassLoader) throws IOException {
        VersionCheck.check(serializer + " snapshot", "version", readVersion, SIMPLE_SNAPSHOT_VERSION, VERSION);
        int f = readVersion == SIMPLE_SNAPSHOT_VERSION ? 1 : in.readInt();
        VersionCheck.check(serializer, "format", f, formats);
        format = f;
    }

    @Override
    public final TypeSerializer<T> restoreSerializer() {
        return readerOf.apply(format);
    }

    @Override
    public final TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializerSnapshot<T> old) {
        if (old.getClass() != getClass()) {
            return TypeSerializerSchemaCompatibility.incompatible();
        }
        int written = ((FormatSnapshot<T>) old).format;
        if (written == format) {
            return TypeSerializerSchemaCompatibility.compatibleAsIs();
        }
        for (int f : formats) {
            if (f == written) {
                return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
            }
        }
        return TypeSerializerSchemaCompatibility.incompatible();
    }

    @Override
    public final boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && ((FormatSnapshot<?>) o).format == format;
    }

    @Override
    public final int hashCode() {
        return getClass().hashCode() * 31 + format;
    }

    @Override
    public String toString() {
        return serializer + " snapshot, format " + format;
    }
}
