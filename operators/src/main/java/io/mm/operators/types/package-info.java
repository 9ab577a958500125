/**
 * Flink type information and serializers: {@code RawFrameSerializer} writes each frame crossing the shuffle from
 * the source to the keyed operator directly, and {@code FormatSnapshot} is the serializer snapshot that records a
 * numbered format in every checkpoint and refuses one this build does not read.
 */
package io.mm.operators.types;
