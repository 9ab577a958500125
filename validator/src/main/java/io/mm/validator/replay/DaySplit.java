package io.mm.validator.replay;

import io.mm.core.Exchange;
import io.mm.core.state.VersionCheck;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * Versioned serializer of day splits. Replays run in BATCH mode, which takes no checkpoints, so no split outlives
     * its job today; a layout change is still a new version, should a replay ever checkpoint.
     *
     * <p>Version 1: day directory (UTF); exchange by its {@link Exchange#id()} (UTF); SYMBOL_FS (UTF); day as YYYYMMDD (int).
     */
    public static final class Serializer implements SimpleVersionedSerializer<DaySplit> {
        private static final int VERSION = 1;

        @Override
        public int getVersion() {
            return VERSION;
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
            VersionCheck.check("DaySplit.Serializer", "version", version, VERSION);
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                String dayDir = in.readUTF();
                Exchange exchange;
                try {
                    exchange = Exchange.parse(in.readUTF());
                } catch (IllegalArgumentException e) {
                    throw new IOException("DaySplit.Serializer version " + VERSION + ", day " + dayDir + ": " + e.getMessage(), e);
                }
                return new DaySplit(dayDir, exchange, in.readUTF(), in.readInt());
            }
        }
    }

    /**
     * Versioned serializer of the recorded-day enumerator's checkpoint: the days not yet assigned. Its version is the day
     * splits' version: a day count (int), then per day its length (int) and its bytes in that version of {@link Serializer}.
     */
    public static final class ListSerializer implements SimpleVersionedSerializer<List<DaySplit>> {
        private final Serializer day = new Serializer();

        @Override
        public int getVersion() {
            return day.getVersion();
        }

        @Override
        public byte[] serialize(List<DaySplit> days) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(b)) {
                out.writeInt(days.size());
                for (DaySplit s : days) {
                    byte[] x = day.serialize(s);
                    out.writeInt(x.length);
                    out.write(x);
                }
            }
            return b.toByteArray();
        }

        @Override
        public List<DaySplit> deserialize(int version, byte[] bytes) throws IOException {
            VersionCheck.check("DaySplit.ListSerializer", "version", version, day.getVersion());
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
                int n = in.readInt();
                List<DaySplit> days = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    byte[] x = new byte[in.readInt()];
                    in.readFully(x);
                    days.add(day.deserialize(version, x));
                }
                return days;
            }
        }
    }
}
