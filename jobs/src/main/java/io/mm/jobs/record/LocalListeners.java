package io.mm.jobs.record;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;

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
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("--bind-host / MM_BIND_HOST is empty (default 127.0.0.1)");
        }
        try {
            InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--bind-host / MM_BIND_HOST '" + host + "' is not an address of this machine");
        }
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
