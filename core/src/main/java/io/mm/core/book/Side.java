package io.mm.core.book;

/** A side of a level-2 book. */
public enum Side {
    BID,
    ASK;

    public String csvName() {
        return this == BID ? "bid" : "ask";
    }
}
