package io.mm.cli.logging;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.status.StatusData;
import org.apache.logging.log4j.status.StatusListener;
import org.apache.logging.log4j.status.StatusLogger;

/** What log4j says about a configuration while it is loaded and used (WARN and worse), until stopped. */
final class Log4jComplaints implements StatusListener {
    final List<String> seen = new CopyOnWriteArrayList<>();

    static Log4jComplaints listen() {
        Log4jComplaints c = new Log4jComplaints();
        StatusLogger.getLogger().registerListener(c);
        return c;
    }

    @Override
    public void log(StatusData data) {
        seen.add(data.getFormattedStatus());
    }

    @Override
    public Level getStatusLevel() {
        return Level.WARN;
    }

    /** Stops listening. */
    void stop() {
        StatusLogger.getLogger().removeListener(this);
    }

    @Override
    public void close() {
        // log4j's call when the listener is removed: nothing to release
    }
}
