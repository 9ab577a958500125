package io.mm.cli.record;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** The TCP sockets a process listens on, read from Linux's /proc (its socket inodes matched against the net tables). */
final class ListeningSockets {
    private static final String LISTEN = "0A";

    private ListeningSockets() {}

    static boolean supported() {
        return Files.isReadable(Paths.get("/proc/net/tcp"));
    }

    static List<InetSocketAddress> of(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Paths.get("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException e) {
                    // closed while listing
                }
            }
        }
        List<InetSocketAddress> out = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6")) {
            Path p = Paths.get("/proc", Long.toString(pid), "net", table);
            if (!Files.exists(p)) {
                continue;
            }
            List<String> lines = Files.readAllLines(p);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f[3].equals(LISTEN) && inodes.contains(f[9])) {
                    out.add(address(f[1]));
                }
            }
        }
        return out;
    }

    /** {@code 0100007F:1F90} (IPv4) or 32 hex digits (IPv6), each 32-bit word in host (little-endian) order. */
    static InetSocketAddress address(String hex) throws IOException {
        String[] hp = hex.split(":");
        String h = hp[0];
        byte[] b = new byte[h.length() / 2];
        for (int word = 0; word < b.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                int at = word * 8 + (3 - i) * 2;
                b[word * 4 + i] = (byte) Integer.parseInt(h.substring(at, at + 2), 16);
            }
        }
        return new InetSocketAddress(InetAddress.getByAddress(b), Integer.parseInt(hp[1], 16));
    }
}
