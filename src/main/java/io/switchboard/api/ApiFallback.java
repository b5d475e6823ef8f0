package io.switchboard.api;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

/**
 * Paths under {@code /api} that no endpoint serves get a 404 problem, not the plain 404 page. The
 * route runs after every other one, so it sees only what the API and the static files left.
 */
@Singleton
public class ApiFallback {
    /** After the REST layer and the static resources, which run at lower orders. */
    private static final int ORDER = Integer.MAX_VALUE - 100;

    @Inject
    ObjectMapper json;

    void register(@Observes Router router) throws JsonProcessingException {
        byte[] body = json.writeValueAsBytes(Problem.of(ProblemType.NOT_FOUND, "no API endpoint at this path"));
        router.route("/api/*").order(ORDER).handler(ctx -> ctx.response()
                .setStatusCode(ProblemType.NOT_FOUND.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(io.vertx.core.buffer.Buffer.buffer(body)));
    }
}
