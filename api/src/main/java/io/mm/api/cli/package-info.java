/**
 * The serving commands of {@code bin/mm}: {@code relay}, {@code rest}, {@code metrics}, {@code serve} and the two
 * clients, with the settings they share as environment variables and flags ({@code ServeOptions},
 * {@code ClientOptions}); {@code ServeMain} runs {@code bin/mm serve} where Flink is not on the classpath (the
 * container image).
 */
package io.mm.api.cli;
