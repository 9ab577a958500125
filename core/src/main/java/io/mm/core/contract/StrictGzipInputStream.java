package io.mm.core.contract;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * Reads a gzip file of one or more members as Python's {@code gzip} module does, which is the reader the contract
 * promises: members one after another, zero bytes after the last one allowed, anything else an error. The JDK's
 * {@code GZIPInputStream} ignores bytes after a member that do not start another one, so a damaged day file
 * would read clean here and fail for a researcher. Truncation is an {@link EOFException}, anything else malformed a
 * {@link ZipException}; both name the file and the offset.
 */
public final class StrictGzipInputStream extends InputStream {
    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;

    private final InputStream in;
    private final String name;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final byte[] buf;
    private int pos;
    private int lim;
    /** File offset of buf[0]. */
    private long base;
    private boolean inMember;
    private boolean done;
    private long memberStart;
    private final byte[] one = new byte[1];
    /** Complete-members mode: the member being inflated, handed out once its trailer checks out; else null. */
    private byte[] member;
    private int memberPos;
    private int memberLen;
    private long truncatedAt = -1;

    /** @param name what messages call the file */
    public StrictGzipInputStream(InputStream in, String name, int bufferSize) {
        this(in, name, bufferSize, false);
    }

    private StrictGzipInputStream(InputStream in, String name, int bufferSize, boolean completeMembers) {
        this.in = in;
        this.name = name;
        this.buf = new byte[Math.max(512, bufferSize)];
        this.member = completeMembers ? new byte[Math.max(512, bufferSize)] : null;
    }

    /**
     * A reader of the complete members only: a truncated last member (a commit appending it) ends the stream at the
     * end of the member before it; any other damage is an error as in the strict reader.
     */
    public static StrictGzipInputStream completeMembers(InputStream in, String name) {
        return new StrictGzipInputStream(in, name, 1 << 16, true);
    }

    /** In complete-members mode, the file offset of the truncated member the stream ended before, else -1. */
    public long truncatedAt() {
        return truncatedAt;
    }

    public StrictGzipInputStream(InputStream in, String name) {
        this(in, name, 1 << 16);
    }

    @Override
    public int read() throws IOException {
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (member != null) {
            return readComplete(b, off, len);
        }
        int n;
        while ((n = inflateSome(b, off, len)) == 0) {
            // a member ended: go on with the next one
        }
        return n;
    }

    private int readComplete(byte[] b, int off, int len) throws IOException {
        while (memberPos == memberLen) {
            if (done) {
                return -1;
            }
            memberPos = 0;
            memberLen = 0;
            try {
                int n;
                do {
                    if (memberLen == member.length) {
                        member = java.util.Arrays.copyOf(member, member.length * 2);
                    }
                    n = inflateSome(member, memberLen, member.length - memberLen);
                    memberLen += Math.max(n, 0);
                } while (n > 0);
            } catch (EOFException e) {
                // a commit is appending this member: what came before it is all there is yet
                truncatedAt = memberStart;
                memberLen = 0;
                done = true;
                return -1;
            }
        }
        int k = Math.min(len, memberLen - memberPos);
        System.arraycopy(member, memberPos, b, off, k);
        memberPos += k;
        return k;
    }

    /** Inflates up to {@code len} bytes: their count, 0 when a member just ended (its trailer checked), -1 at the end. */
    private int inflateSome(byte[] b, int off, int len) throws IOException {
        while (!done) {
            if (!inMember) {
                if (!header()) {
                    done = true;
                    return -1;
                }
                inMember = true;
                crc.reset();
                inflater.reset();
            }
            int n;
            try {
                if (inflater.needsInput()) {
                    if (!fill()) {
                        throw new EOFException(name + ": truncated gzip member starting at offset " + memberStart);
                    }
                    inflater.setInput(buf, pos, lim - pos);
                    pos = lim;
                }
                n = inflater.inflate(b, off, len);
            } catch (DataFormatException e) {
                throw new ZipException(name + ": corrupt gzip member starting at offset " + memberStart + " (" + e.getMessage() + ")");
            }
            if (n > 0) {
                crc.update(b, off, n);
                return n;
            }
            if (inflater.finished()) {
                pos -= inflater.getRemaining(); // bytes the inflater took but did not use belong to the trailer
                trailer();
                inMember = false;
                return 0;
            } else if (inflater.needsDictionary()) {
                throw new ZipException(name + ": gzip member at offset " + memberStart + " needs a preset dictionary");
            }
        }
        return -1;
    }

    /** Reads a member header; false at the end of the file (after any zero padding). */
    private boolean header() throws IOException {
        if (!ensure(1)) {
            return false;
        }
        if (buf[pos] == 0) {
            // Python accepts zero padding after the last member, nothing else
            while (ensure(1)) {
                if (buf[pos] != 0) {
                    throw new ZipException(name + ": bytes after zero padding at offset " + offset() + " (not a gzip member)");
                }
                pos++;
            }
            return false;
        }
        memberStart = offset();
        if (!ensure(10)) {
            if (member != null && buf[pos] == (byte) 0x1f && (lim - pos < 2 || buf[pos + 1] == (byte) 0x8b)) {
                throw new EOFException(name + ": truncated gzip member header at offset " + memberStart);
            }
            throw new ZipException(name + ": trailing bytes at offset " + memberStart + " that are not a gzip member");
        }
        if ((buf[pos] & 0xff) != 0x1f || (buf[pos + 1] & 0xff) != 0x8b) {
            throw new ZipException(name + ": trailing bytes at offset " + memberStart + " that are not a gzip member");
        }
        if (buf[pos + 2] != 8) {
            throw new ZipException(name + ": gzip member at offset " + memberStart + " uses compression method " + buf[pos + 2]);
        }
        int flags = buf[pos + 3] & 0xff;
        pos += 10;
        if ((flags & FEXTRA) != 0) {
            need(2);
            int xlen = (buf[pos] & 0xff) | (buf[pos + 1] & 0xff) << 8;
            pos += 2;
            skip(xlen);
        }
        if ((flags & FNAME) != 0) {
            skipZeroTerminated();
        }
        if ((flags & FCOMMENT) != 0) {
            skipZeroTerminated();
        }
        if ((flags & FHCRC) != 0) {
            skip(2);
        }
        return true;
    }

    private void trailer() throws IOException {
        need(8);
        long sentCrc = le32(pos);
        long size = le32(pos + 4);
        pos += 8;
        if (sentCrc != crc.getValue()) {
            throw new ZipException(name + ": gzip member at offset " + memberStart + " fails its CRC check");
        }
        if (size != (inflater.getBytesWritten() & 0xffffffffL)) {
            throw new ZipException(name + ": gzip member at offset " + memberStart + " has the wrong length in its trailer");
        }
    }

    private long le32(int at) {
        return (buf[at] & 0xffL) | (buf[at + 1] & 0xffL) << 8 | (buf[at + 2] & 0xffL) << 16 | (buf[at + 3] & 0xffL) << 24;
    }

    private void skipZeroTerminated() throws IOException {
        while (true) {
            need(1);
            if (buf[pos++] == 0) {
                return;
            }
        }
    }

    private void skip(int n) throws IOException {
        while (n > 0) {
            need(1);
            int k = Math.min(n, lim - pos);
            pos += k;
            n -= k;
        }
    }

    private void need(int n) throws IOException {
        if (!ensure(n)) {
            throw new EOFException(name + ": truncated gzip member starting at offset " + memberStart);
        }
    }

    /** At least {@code n} unread bytes in the buffer; false at the end of the file. */
    private boolean ensure(int n) throws IOException {
        if (lim - pos >= n) {
            return true;
        }
        System.arraycopy(buf, pos, buf, 0, lim - pos);
        base += pos;
        lim -= pos;
        pos = 0;
        while (lim < n) {
            int r = in.read(buf, lim, buf.length - lim);
            if (r < 0) {
                return false;
            }
            lim += r;
        }
        return true;
    }

    /** More bytes for the inflater; false at the end of the file. */
    private boolean fill() throws IOException {
        if (pos < lim) {
            return true;
        }
        base += lim;
        pos = 0;
        lim = 0;
        int r = in.read(buf, 0, buf.length);
        if (r < 0) {
            return false;
        }
        lim = r;
        return true;
    }

    private long offset() {
        return base + pos;
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        in.close();
    }
}
