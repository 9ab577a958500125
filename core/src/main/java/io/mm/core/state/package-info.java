/**
 * What bytes that outlive a build need from core: stable codes for enums ({@link io.mm.core.state.EnumCodes}) and one
 * message for a version a serializer does not read ({@link io.mm.core.state.VersionCheck}). The Flink serializers of
 * the operators, sources and sinks build on them.
 */
package io.mm.core.state;
