/**
 * The console of {@code bin/mm}: filters that keep Flink's harmless races off it (logs/mm.log keeps every line).
 * Configured in {@code log4j2-mm.properties}.
 */
package io.mm.cli.logging;
