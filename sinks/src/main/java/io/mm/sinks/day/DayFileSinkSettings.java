package io.mm.sinks.day;

import java.io.Serializable;

/**
 * How the day-file sink buffers, compresses and syncs.
 *
 * @param dataDir               the data root ({@code DATA_DIR})
 * @param depthLevels           {@code DEPTH_LEVELS}: columns of the order-book CSV header
 * @param orderbookBufferRows   {@code ORDERBOOK_BUFFER_ROWS}: rows of a book-frame or diffs file buffered before
 *                              they are staged early (bounds memory between checkpoints)
 * @param tradesBufferRows      {@code TRADES_BUFFER_ROWS}: the same for trade files
 * @param maxBufferedBytes      all files' uncompressed bytes buffered before everything is staged early
 * @param gzipLevel             Deflater level (1 fastest .. 9 smallest)
 * @param fsync                 force staged bytes, appends and commit logs to disk (survives power loss);
 *                              without it only process crashes are survived
 * @param fsyncFileSystem       with {@code fsync}, make a commit round's appends durable with one sync of the data
 *                              directory's file system ({@code syncfs(2)}, Linux) instead of a force per day file
 * @param commitThreads         day directories committed in parallel
 * @param orphanAgeMillis       staged files older than this that no commit claimed are removed
 * @param liveRotateSeconds     {@code LIVE_STREAM_ROTATE_S}
 * @param liveRetentionSeconds  {@code LIVE_STREAM_RETENTION_S}
 * @param liveFlushMillis       how often live lines are flushed to their files
 */
public record DayFileSinkSettings(String dataDir, int depthLevels, int orderbookBufferRows, int tradesBufferRows,
                                  long maxBufferedBytes, int gzipLevel, boolean fsync, boolean fsyncFileSystem,
                                  int commitThreads, long orphanAgeMillis, long liveRotateSeconds, long liveRetentionSeconds,
                                  long liveFlushMillis) implements Serializable {

    public static DayFileSinkSettings defaults(String dataDir) {
        return new DayFileSinkSettings(dataDir, 20, 5_000, 5_000, 64L << 20, 5, true, true, 4, 3_600_000L, 60, 3600, 200);
    }

    public DayFileSinkSettings withDepthLevels(int levels) {
        return new DayFileSinkSettings(dataDir, levels, orderbookBufferRows, tradesBufferRows, maxBufferedBytes, gzipLevel, fsync,
                fsyncFileSystem, commitThreads, orphanAgeMillis, liveRotateSeconds, liveRetentionSeconds, liveFlushMillis);
    }

    public DayFileSinkSettings withBuffers(int orderbookRows, int tradesRows, long maxBytes) {
        return new DayFileSinkSettings(dataDir, depthLevels, orderbookRows, tradesRows, maxBytes, gzipLevel, fsync, fsyncFileSystem,
                commitThreads, orphanAgeMillis, liveRotateSeconds, liveRetentionSeconds, liveFlushMillis);
    }

    public DayFileSinkSettings withFsync(boolean on) {
        return new DayFileSinkSettings(dataDir, depthLevels, orderbookBufferRows, tradesBufferRows, maxBufferedBytes, gzipLevel, on,
                fsyncFileSystem, commitThreads, orphanAgeMillis, liveRotateSeconds, liveRetentionSeconds, liveFlushMillis);
    }

    /** {@code true}: one {@code syncfs(2)} per commit round; {@code false}: a force per day file. */
    public DayFileSinkSettings withFsyncFileSystem(boolean on) {
        return new DayFileSinkSettings(dataDir, depthLevels, orderbookBufferRows, tradesBufferRows, maxBufferedBytes, gzipLevel, fsync, on,
                commitThreads, orphanAgeMillis, liveRotateSeconds, liveRetentionSeconds, liveFlushMillis);
    }

    public DayFileSinkSettings withLive(long rotateSeconds, long retentionSeconds) {
        return new DayFileSinkSettings(dataDir, depthLevels, orderbookBufferRows, tradesBufferRows, maxBufferedBytes, gzipLevel, fsync,
                fsyncFileSystem, commitThreads, orphanAgeMillis, rotateSeconds, retentionSeconds, liveFlushMillis);
    }

    public DayFileSinkSettings withOrphanAge(long millis) {
        return new DayFileSinkSettings(dataDir, depthLevels, orderbookBufferRows, tradesBufferRows, maxBufferedBytes, gzipLevel, fsync,
                fsyncFileSystem, commitThreads, millis, liveRotateSeconds, liveRetentionSeconds, liveFlushMillis);
    }
}
