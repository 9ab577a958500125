/**
 * The live web page ({@code WebRoute}): the ladder, trades, mid price and correlation heat map, served as static
 * files shipped in the module.
 */
package io.mm.api.web;
