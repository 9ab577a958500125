/**
 * {@code LocalOrderBook}: a level-2 book held as scaled longs in sorted primitive arrays, best level at the high
 * end of a live window, so updates near the top move few elements and top-N reads need no copy; no allocation per
 * update once grown.
 */
package io.mm.core.book;
