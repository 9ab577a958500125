package io.mm.simulator.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm.core.Exchange;
import io.mm.simulator.Simulator;
import io.mm.simulator.TrueBook;
import io.mm.simulator.fault.FaultRecord;
import io.mm.simulator.fault.FaultSpec;
import io.mm.simulator.server.RestAnswer;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /control}: what tests and operators ask of a running simulator.
 * <ul>
 *   <li>{@code GET /control/book?exchange=&symbol=&depth=}: the symbol's true book</li>
 *   <li>{@code POST /control/faults} with a fault object or a list of them; {@code GET /control/faults}: the
 *   armed ones; {@code GET /control/faults/log}: the ones that fired, with timestamps</li>
 *   <li>{@code POST /control/pause}, {@code /control/resume}, {@code /control/step?n=}, {@code /control/rate?value=}</li>
 *   <li>{@code GET /control/stats}, {@code GET /control/symbols?exchange=}</li>
 * </ul>
 * Bad requests get a 400 naming the parameter or field.
 */
public final class ControlEndpoint {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Simulator sim;

    public ControlEndpoint(Simulator sim) {
        this.sim = sim;
    }

    public RestAnswer handle(FullHttpRequest req) {
        QueryStringDecoder q = new QueryStringDecoder(req.uri());
        boolean post = req.method().equals(HttpMethod.POST);
        try {
            return switch (q.path()) {
                case "/control/book" -> book(q);
                case "/control/faults" -> post ? inject(req.content().toString(StandardCharsets.UTF_8)) : pending();
                case "/control/faults/log" -> log();
                case "/control/pause" -> requirePost(post, () -> {
                    sim.pause();
                    return ok();
                });
                case "/control/resume" -> requirePost(post, () -> {
                    sim.resume();
                    return ok();
                });
                case "/control/step" -> requirePost(post, () -> {
                    sim.step((int) number(q, "n", 1));
                    return ok();
                });
                case "/control/rate" -> requirePost(post, () -> {
                    sim.rate(number(q, "value", Double.NaN));
                    return ok();
                });
                case "/control/stats" -> RestAnswer.ok(sim.stats().toJson());
                case "/control/symbols" -> symbols(q);
                default -> RestAnswer.of(404, error("unknown control path " + q.path()
                        + " (book, faults, faults/log, pause, resume, step, rate, stats, symbols)"));
            };
        } catch (IllegalArgumentException e) {
            return RestAnswer.of(400, error(e.getMessage()));
        }
    }

    private interface Action {
        RestAnswer run();
    }

    private static RestAnswer requirePost(boolean post, Action a) {
        return post ? a.run() : RestAnswer.of(405, error("use POST"));
    }

    private static RestAnswer ok() {
        return RestAnswer.ok("{\"ok\":true}");
    }

    static String error(String message) {
        return "{\"error\":" + quote(message) + "}";
    }

    private static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (Exception e) {
            return "\"\"";
        }
    }

    private static String param(QueryStringDecoder q, String name) {
        List<String> v = q.parameters().get(name);
        if (v == null || v.isEmpty() || v.get(0).isBlank()) {
            throw new IllegalArgumentException("query parameter '" + name + "' is required");
        }
        return v.get(0);
    }

    private static double number(QueryStringDecoder q, String name, double def) {
        List<String> v = q.parameters().get(name);
        if (v == null || v.isEmpty()) {
            if (Double.isNaN(def)) {
                throw new IllegalArgumentException("query parameter '" + name + "' is required");
            }
            return def;
        }
        try {
            return Double.parseDouble(v.get(0));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("query parameter '" + name + "' is not a number: " + v.get(0));
        }
    }

    private RestAnswer book(QueryStringDecoder q) {
        Exchange e;
        try {
            e = Exchange.parse(param(q, "exchange"));
        } catch (IllegalArgumentException x) {
            throw new IllegalArgumentException("query parameter 'exchange': " + x.getMessage());
        }
        String symbol = param(q, "symbol");
        int depth = (int) number(q, "depth", 1000);
        TrueBook b = sim.trueBook(e, symbol, depth);
        if (b == null) {
            return RestAnswer.of(404, error("no " + e.id() + " symbol '" + symbol + "' (symbols: " + sim.symbols(e) + ")"));
        }
        return RestAnswer.ok(b.toJson());
    }

    private RestAnswer inject(String body) {
        JsonNode n;
        try {
            n = JSON.readTree(body);
        } catch (Exception e) {
            throw new IllegalArgumentException("fault body is not JSON: " + e.getMessage());
        }
        if (n == null) {
            throw new IllegalArgumentException("fault body is empty");
        }
        List<FaultSpec> specs = new ArrayList<>();
        if (n.isArray()) {
            int i = 0;
            for (JsonNode f : n) {
                try {
                    specs.add(FaultSpec.fromJson(f));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("fault [" + i + "]: " + e.getMessage());
                }
                i++;
            }
        } else {
            specs.add(FaultSpec.fromJson(n));
        }
        specs.forEach(sim::inject);
        return RestAnswer.ok("{\"armed\":" + specs.size() + "}");
    }

    private RestAnswer pending() {
        StringBuilder sb = new StringBuilder("[");
        int i = 0;
        for (FaultSpec f : sim.pendingFaults()) {
            sb.append(i++ == 0 ? "" : ",").append(spec(f));
        }
        return RestAnswer.ok(sb.append(']').toString());
    }

    static String spec(FaultSpec f) {
        return "{\"kind\":\"" + f.kind().id() + "\",\"exchange\":\"" + f.exchange().id() + "\",\"symbol\":"
                + (f.symbol() == null ? "null" : quote(f.symbol())) + ",\"count\":" + f.count() + ",\"duration_ms\":" + f.duration().toMillis()
                + ",\"param\":" + f.param() + "}";
    }

    private RestAnswer log() {
        StringBuilder sb = new StringBuilder("[");
        int i = 0;
        for (FaultRecord r : sim.faultLog()) {
            sb.append(i++ == 0 ? "" : ",").append("{\"ts_us\":").append(r.tsUs()).append(",\"exchange\":\"").append(r.exchange().id())
                    .append("\",\"symbol\":").append(r.symbol() == null ? "null" : quote(r.symbol())).append(",\"kind\":\"")
                    .append(r.kind().id()).append("\",\"detail\":").append(quote(r.detail())).append('}');
        }
        return RestAnswer.ok(sb.append(']').toString());
    }

    private RestAnswer symbols(QueryStringDecoder q) {
        Exchange e = Exchange.parse(param(q, "exchange"));
        StringBuilder sb = new StringBuilder("[");
        int i = 0;
        for (String s : sim.symbols(e)) {
            sb.append(i++ == 0 ? "" : ",").append(quote(s));
        }
        return RestAnswer.ok(sb.append(']').toString());
    }
}
