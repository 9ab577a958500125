package io.mm.api.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A route that fails on a bug answers 500 with a JSON error, at once or later, and the server serves on. */
class ApiServerFailureTest {
    @Test
    void aRouteThatThrowsGetsA500AndTheNextRequestIsServed() throws Exception {
        Route broken = new Route() {
            @Override
            public boolean matches(String path) {
                return path.startsWith("/broken");
            }

            @Override
            public CompletableFuture<Answer> get(Query q) {
                if (q.path().equals("/broken/now")) {
                    throw new IllegalStateException("a bug");
                }
                return q.path().equals("/broken/later") ? CompletableFuture.failedFuture(new IllegalStateException("a later bug"))
                        : CompletableFuture.completedFuture(Answer.json(200, "{\"ok\":true}"));
            }
        };
        try (ApiServer server = new ApiServer(ApiSettings.defaults(0), List.of(broken)).start()) {
            HttpClient http = HttpClient.newHttpClient();
            for (String p : List.of("/broken/now", "/broken/later")) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + p)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(p).isEqualTo(500);
                assertThat(r.body()).as(p).isEqualTo("{\"error\":\"internal error\"}");
            }
            HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/broken/fine")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).isEqualTo(200);
        }
    }
}
