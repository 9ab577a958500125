/**
 * The simulated markets: one thread ({@code MarketHub}) steps every symbol's seeded random-walk book
 * ({@code SymbolMarket}, {@code Ladder}) at the configured rate; each {@code Step}'s level changes and trades feed
 * the depth-limited views channels send ({@code BookView}), the trade log and candles the REST history answers from
 * ({@code TradeLog}, {@code PastTrades}, {@code Candles}).
 */
package io.mm.simulator.market;
