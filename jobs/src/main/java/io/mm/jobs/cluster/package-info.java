/**
 * The job jar's entry points for the bounded jobs on a cluster ({@code flink run -c ...},
 * {@code bin/cluster submit}): {@code ValidateMain} and {@code CombineMain} run the same commands as
 * {@code bin/mm validate} and {@code bin/mm combine} and exit 0/1/2 with their verdict.
 */
package io.mm.jobs.cluster;
