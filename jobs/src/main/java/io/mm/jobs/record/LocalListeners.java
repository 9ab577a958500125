package io.mm.jobs.record;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.Iterator;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.IllegalConfigurationException;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.util.NetUtils;

/**
 * Where the local MiniCluster of {@code bin/mm record} listens. Flink's REST API can stop a job and write a
 * savepoint wherever the caller says, and binds every interface by default; so every listener (REST and web UI,
 * the BLOB server, which binds the JobManager's bind host, and RPC) binds the one address the user chose,
 * loopback unless opened, and the REST API accepts no uploaded jars.
 */
final class LocalListeners {
    static final String LOOPBACK = "127.0.0.1";

    private LocalListeners() {}

    /** A bind address that does not resolve is a usage error, said before anything starts. */
    static void checkHost(String host) {
        checkHost(host, "--bind-host / MM_BIND_HOST");
    }

    /** As {@link #checkHost(String)}, naming {@code setting} (the flag, and its variable if it has one). */
    static void checkHost(String host, String setting) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException(setting + " is empty (default 127.0.0.1)");
        }
        try {
            InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(setting + " '" + host + "' is not an address of this machine");
        }
    }

    /**
     * A port (or a range, {@code 9249-9259}, or a list of them) the user asked for, at least one of them free on
     * {@code host}, checked before the job starts: Flink would otherwise fail its cluster's start with a trace, or
     * log the reporter's failure and record without the endpoint asked for.
     */
    static void requireFree(String host, String ports, String flag) {
        Iterator<Integer> candidates;
        try {
            candidates = NetUtils.getPortRangeFromString(ports); // as Flink reads the setting it is handed to
        } catch (NumberFormatException | IllegalConfigurationException e) {
            throw new IllegalArgumentException(flag + " '" + ports + "' is not a port, a range (9249-9259) or a list of them");
        }
        IOException last = null;
        while (candidates.hasNext()) {
            int p = candidates.next();
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(host, p));
                return;
            } catch (IOException e) {
                last = e;
            }
        }
        throw new IllegalArgumentException(flag + " " + ports + ": cannot listen on " + host + ":" + ports + ": " + last.getMessage()
                + (last instanceof java.net.BindException && String.valueOf(last.getMessage()).contains("in use")
                        ? " (another program holds it: choose another port)" : ""));
    }

    static void bind(Configuration conf, String host) {
        // clients of the local cluster (this process) reach it on loopback unless it listens on one address only
        String reach = isWildcard(host) ? LOOPBACK : host;
        conf.set(RestOptions.BIND_ADDRESS, host);
        conf.set(RestOptions.ADDRESS, reach);
        conf.set(JobManagerOptions.BIND_HOST, host);
        conf.set(JobManagerOptions.ADDRESS, reach);
        conf.set(TaskManagerOptions.BIND_HOST, host);
        conf.set(TaskManagerOptions.HOST, reach);
        conf.set(WebOptions.SUBMIT_ENABLE, false);
    }

    private static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }
}
