package io.mm.sinks.day;

/**
 * A committable: bytes for one target file, staged in a byte range of the writer's per-checkpoint staging
 * file. For a gzip day file the range holds either uncompressed rows that the committer compresses into one
 * gzip member as it appends them ({@link #APPEND_RAW}, what the writer stages), or complete gzip members to
 * append as they are ({@link io.mm.core.contract.FileRecord#APPEND}: what writers staged until 2026-11, still
 * committed so that checkpoints and savepoints taken then resume); for a snapshot file it holds the whole file.
 *
 * @param kind          {@link #APPEND_RAW}, {@link io.mm.core.contract.FileRecord#APPEND} or
 *                      {@link io.mm.core.contract.FileRecord#WHOLE_FILE}
 * @param path          target, relative to the data root
 * @param stagingFile   staging file, relative to the data root
 * @param offset        start of the range
 * @param length        bytes in the range
 * @param memberBase    the writer's series: its creation time in ms, so a writer created later (a restore, a
 *                      fresh run) starts a series that sorts after every earlier one
 * @param memberSeq     position in the series, increasing with every staged member
 * @param rangesInFile  how many committables share the staging file (it is deleted once all are committed)
 * @param rows          rows in the range (for metrics)
 */
public record StagedRange(byte kind, String path, String stagingFile, long offset, long length, long memberBase,
                          long memberSeq, int rangesInFile, long rows) {
    /** Uncompressed rows, compressed into one gzip member by the committer. */
    public static final byte APPEND_RAW = 16;

    /**
     * True when this member was already appended, given the last appended member {@code (base, seq)}: a retry
     * comes from the same writer series. (A committable of an older series can only be retried before any
     * newer series committed anything, because a restore commits what it restored first.)
     */
    boolean committedBy(long base, long seq) {
        return memberBase == base && memberSeq <= seq;
    }
}
