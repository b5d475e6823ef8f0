package io.switchboard.api;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

/**
 * Two plain routes around the API: {@code /admin} leads to the operator page ({@code /admin/}), and
 * paths under {@code /api} that no endpoint serves get a 404 problem rather than the plain 404 page.
 */
@Singleton
public class WebRoutes {
    /** After the REST layer and the static resources, which run at lower orders. */
    private static final int LAST = Integer.MAX_VALUE - 100;

    @Inject
    ObjectMapper json;

    /** The 404 problem's body, written on first use: the first JSON serialisation is not start-up work. */
    private volatile Buffer notFound;

    void register(@Observes Router router) {
        router.routeWithRegex("^/admin$").handler(ctx -> ctx.redirect("/admin/"));
        router.route("/api/*").order(LAST).handler(ctx -> ctx.response()
                .setStatusCode(ProblemType.NOT_FOUND.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(notFound()));
    }

    private Buffer notFound() {
        Buffer body = notFound;
        if (body == null) {
            try {
                body = Buffer.buffer(json.writeValueAsBytes(Problem.of(ProblemType.NOT_FOUND, "no API endpoint at this path")));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a problem record always serialises", e);
            }
            notFound = body;
        }
        return body;
    }
}
