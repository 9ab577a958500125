package io.mm.core.state;

import java.io.IOException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The error for serialized state of a version a build does not read: names the serializer, the version found, the ones it reads. */
public final class VersionCheck {
    private VersionCheck() {}

    /** Throws unless {@code found} is one of {@code reads}; {@code what} says which version ("version", "format", "snapshot version"). */
    public static void check(String serializer, String what, int found, int... reads) throws IOException {
        for (int r : reads) {
            if (r == found) {
                return;
            }
        }
        throw unknown(serializer, what, found, reads);
    }

    public static IOException unknown(String serializer, String what, int found, int... reads) {
        String known = Arrays.stream(reads).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        return new IOException(serializer + " cannot read " + what + " " + found + ": this build reads " + what + (reads.length > 1 ? "s " : " ")
                + known + " (state written by a newer build?)");
    }
}
