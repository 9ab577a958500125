package io.mm.sinks.day;

/**
 * A committable: bytes for one target file, staged in a byte range of the writer's per-checkpoint staging
 * file. For a gzip day file the range is a slot holding one {@link DeflateSegment} ({@link #APPEND_SEGMENT},
 * what the writer stages: the committer joins one file's segments of a commit into one gzip member). Two older
 * kinds are still committed, so that checkpoints and savepoints taken by earlier versions resume: uncompressed
 * rows that the committer compresses ({@link #APPEND_RAW}) and complete gzip members appended as they are
 * ({@link io.mm.core.contract.FileRecord#APPEND}). For a snapshot file the range holds the whole file.
 *
 * @param kind          {@link #APPEND_SEGMENT}, {@link #APPEND_RAW}, {@link io.mm.core.contract.FileRecord#APPEND} or
 *                      {@link io.mm.core.contract.FileRecord#WHOLE_FILE}
 * @param path          target, relative to the data root
 * @param stagingFile   staging file, relative to the data root
 * @param offset        start of the range
 * @param length        bytes in the range (for a segment: its slot)
 * @param memberBase    the writer's series: its creation time in ms, so a writer created later (a restore, a
 *                      fresh run) starts a series that sorts after every earlier one
 * @param memberSeq     position in the series, increasing with every staged member
 * @param rangesInFile  how many committables share the staging file (it is deleted once all are committed)
 * @param rows          rows in the range (for metrics)
 */
public record StagedRange(byte kind, String path, String stagingFile, long offset, long length, long memberBase,
                          long memberSeq, int rangesInFile, long rows) {
    /** Uncompressed rows, compressed into one gzip member by the committer (staged until 2026-11-29). */
    public static final byte APPEND_RAW = 16;
    /** A {@link DeflateSegment} in a slot: joined with the file's other segments of a commit into one gzip member. */
    public static final byte APPEND_SEGMENT = 17;

    /**
     * True when this member was already appended, given the last appended member {@code (base, seq)}: a retry
     * comes from the same writer series. (A committable of an older series can only be retried before any
     * newer series committed anything, because a restore commits what it restored first.)
     */
    boolean committedBy(long base, long seq) {
        return memberBase == base && memberSeq <= seq;
    }
}
