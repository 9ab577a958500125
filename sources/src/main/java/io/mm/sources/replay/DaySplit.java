package io.mm.sources.replay;

import io.mm.core.Exchange;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * One recorded day directory, {@code <data>/<exchange>/<SYMBOL_FS>/<YYYYMMDD>}: the unit a replay validates
 * on its own.
 */
public record DaySplit(String dayDir, Exchange exchange, String symbolFs, int day) implements SourceSplit, java.io.Serializable {

    /** Reads the exchange, symbol and day from a day directory's path. */
    public static DaySplit of(Path dayDir) {
        Path abs = dayDir.toAbsolutePath().normalize();
        if (abs.getNameCount() < 3) {
            throw new IllegalArgumentException(dayDir + " is not a day directory <data>/<exchange>/<SYMBOL_FS>/<YYYYMMDD>");
        }
        String day = abs.getFileName().toString();
        if (!day.matches("\\d{8}")) {
            throw new IllegalArgumentException(dayDir + " is not a day directory: '" + day + "' is not YYYYMMDD");
        }
        Exchange ex;
        try {
            ex = Exchange.parse(abs.getParent().getParent().getFileName().toString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(dayDir + " is not a day directory: " + e.getMessage());
        }
        return new DaySplit(abs.toString(), ex, abs.getParent().getFileName().toString(), Integer.parseInt(day));
    }

    public Path path() {
        return Paths.get(dayDir);
    }

    @Override
    public String splitId() {
        return exchange.id() + "/" + symbolFs + "/" + day;
    }

    /** Versioned serializer of day splits. */
    public static final class Serializer implements SimpleVersionedSerializer<DaySplit> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(DaySplit s) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(b)) {
                out.writeUTF(s.dayDir);
                out.writeUTF(s.exchange.id());
                out.writeUTF(s.symbolFs);
                out.writeInt(s.day);
            }
            return b.toByteArray();
        }

        @Override
        public DaySplit deserialize(int version, byte[] serialized) throws IOException {
            if (version != 1) {
                throw new IOException("unknown DaySplit version " + version);
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                return new DaySplit(in.readUTF(), Exchange.parse(in.readUTF()), in.readUTF(), in.readInt());
            }
        }
    }
}
