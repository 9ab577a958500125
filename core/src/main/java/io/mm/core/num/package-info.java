/**
 * Exchange numbers without {@code BigDecimal}: {@code NumberToken} parses the JSON number grammar into digits as a
 * {@code long} plus a format word, and {@code NumberText} writes the exchange's exact text back from (scaled value,
 * scale, format word); every token of up to 18 significant digits round-trips byte for byte.
 */
package io.mm.core.num;
