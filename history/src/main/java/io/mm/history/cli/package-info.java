/**
 * The history commands of {@code bin/mm}: {@code history}, {@code combine}, {@code smoke} and {@code smoke-gap},
 * mirroring the original {@code mm_history} modules, with the settings they share ({@code CommonOptions}:
 * environment variables and flags, which win) and the symbols a data directory recorded ({@code RecordedSymbols}).
 */
package io.mm.history.cli;
