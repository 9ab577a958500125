/**
 * The keyed stateful side of the recorder on Flink: {@code RecorderSettings}, what the operator is fixed with at
 * job start. The book-sync operator and its checkpointed state are in {@code book}, the REST snapshot interface it
 * calls in {@code snapshot}, the serializers of what crosses the shuffle in {@code types}.
 */
package io.mm.operators;
