/**
 * The REST routes of serving ({@code RestRoutes}): {@code GET /book} (the relay's live book, top N),
 * {@code /symbols} and {@code /health}.
 */
package io.mm.api.rest;
