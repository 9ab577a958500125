/**
 * What every REST caller of the exchanges shares, without Flink: the base URLs and request paths
 * ({@link io.mm.rest.RestEndpoints}), the per-JVM weight budget and spacing per endpoint ({@link io.mm.rest.RestBudget},
 * {@link io.mm.rest.RestLimits}), how long a 429 or 418 asks to wait ({@link io.mm.rest.RetryAfter}), and the one
 * OkHttp client factory that applies {@code INSECURE_TLS} ({@link io.mm.rest.HttpClients}). The recorder's snapshot
 * fetcher and symbol check (module {@code sources}) and the history clients (module {@code history}) use the same
 * budget, so a back-fill beside a running recorder cannot get the IP banned.
 */
package io.mm.rest;
