/**
 * What is recorded under {@code DATA_DIR}, found by listing it ({@code DataCatalog}): a request's exchange and
 * symbol are looked up here, never joined into a path as given; {@code ApiException} is a refusal with its HTTP
 * status and a message for the client.
 */
package io.mm.api.catalog;
