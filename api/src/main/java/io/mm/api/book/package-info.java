/**
 * A symbol's book rebuilt from the recorder's files with core's own parsers and engines: {@code SymbolBook} keeps
 * the confirmed book (the diffs merged with the ledger's inputs, exactly as the replay validator merges them) and a
 * live book run ahead on each live diff under the exchange's proofs; {@code BookFeed} feeds them,
 * {@code LedgerTail} follows a growing ledger, {@code BookView} is what the relay and the REST book render.
 */
package io.mm.api.book;
