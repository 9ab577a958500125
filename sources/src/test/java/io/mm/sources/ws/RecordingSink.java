package io.mm.sources.ws;

import java.util.ArrayList;
import java.util.List;

/** Collects what a protocol does with frames. */
public final class RecordingSink implements ExchangeProtocol.Sink {
    public final List<String> routed = new ArrayList<>();
    public final List<String> sent = new ArrayList<>();
    public int pongs;
    public final List<String> reconnects = new ArrayList<>();
    public final List<String> sequence = new ArrayList<>();
    public final List<String> instruments = new ArrayList<>();

    @Override
    public void toSymbol(String symbol, String text) {
        routed.add(symbol + " <- " + text);
    }

    @Override
    public void instrument(String symbol, String details) {
        instruments.add(symbol + " <- " + details);
    }

    @Override
    public void toAll(String text) {
        routed.add("* <- " + text);
    }

    @Override
    public void send(String message) {
        sent.add(message);
    }

    @Override
    public void pong() {
        pongs++;
    }

    @Override
    public void reconnect(String reason) {
        reconnects.add(reason);
    }

    @Override
    public void sequence(String symbol, String detail) {
        sequence.add((symbol == null ? "*" : symbol) + " <- " + detail);
    }
}
