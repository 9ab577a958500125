package io.mm.core.feed;

/**
 * Returns one shared {@code String} per distinct symbol text, so parsing a symbol field allocates nothing
 * once the symbol has been seen. Open addressing over the chars; bounded (cleared when full).
 */
public final class Interner {
    private String[] table;
    private int size;

    public Interner(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2) - 1) << 1;
        table = new String[cap];
    }

    public String intern(char[] b, int off, int len) {
        int h = 0;
        for (int i = 0; i < len; i++) {
            h = 31 * h + b[off + i];
        }
        int mask = table.length - 1;
        int i = (h ^ (h >>> 16)) & mask;
        while (true) {
            String s = table[i];
            if (s == null) {
                break;
            }
            if (s.length() == len && s.hashCode() == h && equal(s, b, off, len)) {
                return s;
            }
            i = (i + 1) & mask;
        }
        if (size * 2 >= table.length) {
            java.util.Arrays.fill(table, null);
            size = 0;
            i = (h ^ (h >>> 16)) & mask;
        }
        String s = new String(b, off, len);
        table[i] = s;
        size++;
        return s;
    }

    private static boolean equal(String s, char[] b, int off, int len) {
        for (int i = 0; i < len; i++) {
            if (s.charAt(i) != b[off + i]) {
                return false;
            }
        }
        return true;
    }
}
