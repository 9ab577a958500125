package io.mm.api.web;

import io.mm.api.catalog.ApiException;
import io.mm.api.server.Query;
import io.mm.api.server.Route;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The live web page: static files shipped in the module ({@code /}, {@code /app.js}, {@code /style.css}). */
public final class WebRoute implements Route {
    private static final Map<String, String[]> FILES = Map.of(
            "/", new String[] {"index.html", "text/html; charset=UTF-8"},
            "/index.html", new String[] {"index.html", "text/html; charset=UTF-8"},
            "/app.js", new String[] {"app.js", "text/javascript; charset=UTF-8"},
            "/style.css", new String[] {"style.css", "text/css; charset=UTF-8"});
    private final Map<String, byte[]> bodies = new java.util.HashMap<>();

    public WebRoute() {
        for (String[] f : FILES.values()) {
            try (InputStream in = WebRoute.class.getResourceAsStream(f[0])) {
                if (in == null) {
                    throw new IllegalStateException("web page file " + f[0] + " is not on the classpath");
                }
                bodies.put(f[0], in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public boolean matches(String path) {
        return FILES.containsKey(path);
    }

    @Override
    public CompletableFuture<Answer> get(Query q) throws ApiException {
        String[] f = FILES.get(q.path());
        return CompletableFuture.completedFuture(new Answer(200, f[1], bodies.get(f[0])));
    }
}
