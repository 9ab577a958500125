package io.mm.core.state;

import java.util.Arrays;
import java.util.StringJoiner;
import java.util.function.ToIntFunction;

/**
 * The stable codes of one enum, for bytes that outlive a build (checkpoints, savepoints, records between tasks): each
 * constant declares its code, which never changes and is never reused, so reordering or adding constants keeps every
 * written byte readable ({@code ordinal()} would not). Codes are 0..127, one byte.
 */
public final class EnumCodes<E extends Enum<E>> {
    private final Class<E> type;
    private final E[] byCode;

    private EnumCodes(Class<E> type, E[] byCode) {
        this.type = type;
        this.byCode = byCode;
    }

    /** The codes of {@code type}'s constants; fails on a code outside 0..127 or one given to two constants. */
    public static <E extends Enum<E>> EnumCodes<E> of(Class<E> type, ToIntFunction<E> code) {
        E[] constants = type.getEnumConstants();
        int max = -1;
        for (E e : constants) {
            int c = code.applyAsInt(e);
            if (c < 0 || c > Byte.MAX_VALUE) {
                throw new IllegalArgumentException(type.getSimpleName() + "." + e.name() + " has code " + c + ", outside 0..127");
            }
            max = Math.max(max, c);
        }
        E[] byCode = Arrays.copyOf(constants, max + 1);
        Arrays.fill(byCode, null);
        for (E e : constants) {
            int c = code.applyAsInt(e);
            if (byCode[c] != null) {
                throw new IllegalArgumentException(type.getSimpleName() + "." + e.name() + " and " + byCode[c].name() + " share code " + c);
            }
            byCode[c] = e;
        }
        return new EnumCodes<>(type, byCode);
    }

    /** The constant of {@code code}; an unknown code fails naming the code, the enum and the codes it has. */
    public E decode(int code) {
        E e = code >= 0 && code < byCode.length ? byCode[code] : null;
        if (e == null) {
            StringJoiner known = new StringJoiner(", ");
            for (int c = 0; c < byCode.length; c++) {
                if (byCode[c] != null) {
                    known.add(c + " " + byCode[c].name());
                }
            }
            throw new IllegalArgumentException("unknown " + type.getSimpleName() + " code " + code + " (known: " + known + ")");
        }
        return e;
    }
}
