package io.mm.sinks.day;

/**
 * The CRC-32 of two byte sequences joined, from the CRC-32 of each and the second one's length: zlib's
 * {@code crc32_combine} (which {@link java.util.zip.CRC32} does not expose). It lets a gzip member be assembled
 * from segments compressed independently, each with its own checksum, without reading their bytes again.
 * Cost: about 64 matrix squarings of 32x32 bits per combine, microseconds, whatever the lengths.
 */
final class Crc32Combine {
    private static final int DIM = 32;

    private Crc32Combine() {
    }

    /** {@code crc32(a ++ b)} given {@code crc32(a)}, {@code crc32(b)} and {@code b}'s length. */
    static int combine(int crcA, int crcB, long lengthB) {
        if (lengthB <= 0) {
            return crcA;
        }
        int[] even = new int[DIM];
        int[] odd = new int[DIM];
        // the operator for one zero bit
        odd[0] = 0xedb88320;
        int row = 1;
        for (int n = 1; n < DIM; n++) {
            odd[n] = row;
            row <<= 1;
        }
        square(even, odd); // two zero bits
        square(odd, even); // four zero bits
        int crc = crcA;
        long len = lengthB;
        // apply len zero bytes to crcA, one squaring per bit of len (the first squaring gives one zero byte)
        do {
            square(even, odd);
            if ((len & 1) != 0) {
                crc = times(even, crc);
            }
            len >>>= 1;
            if (len == 0) {
                break;
            }
            square(odd, even);
            if ((len & 1) != 0) {
                crc = times(odd, crc);
            }
            len >>>= 1;
        } while (len != 0);
        return crc ^ crcB;
    }

    private static int times(int[] mat, int vec) {
        int sum = 0;
        for (int i = 0; vec != 0; i++, vec >>>= 1) {
            if ((vec & 1) != 0) {
                sum ^= mat[i];
            }
        }
        return sum;
    }

    private static void square(int[] square, int[] mat) {
        for (int n = 0; n < DIM; n++) {
            square[n] = times(mat, mat[n]);
        }
    }
}
