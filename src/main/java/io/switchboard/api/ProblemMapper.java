package io.switchboard.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where failures become responses, for the whole API: every error is an RFC 9457
 * problem ({@code application/problem+json}) and none carries a stack trace or an exception's
 * own message, which may tell more than a caller should know.
 */
public class ProblemMapper {
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
    /** RFC 6750 §3: a 401 says which scheme the API wants. */
    private static final String CHALLENGE = "Bearer realm=\"switchboard\"";

    @ServerExceptionMapper
    public Response problem(ApiProblem e) {
        if (e.getCause() != null) {
            LOG.warnf(e.getCause(), "API request failed: %s", e.detail());
        }
        return response(e.type(), e.detail());
    }

    /** What the JAX-RS layer raises itself: no such path, wrong method, wrong media type, … */
    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        ProblemType type = ProblemType.ofStatus(status);
        if (type == null) {
            if (status >= 500) {
                return unexpected(e);
            }
            // A status without a problem type of ours: "about:blank", titled by the status (RFC 9457 §4.2.1).
            Response.StatusType info = Response.Status.fromStatusCode(status);
            String title = info == null ? "HTTP " + status : info.getReasonPhrase();
            return Response.status(status).type(Problem.MEDIA_TYPE)
                    .entity(new Problem(java.net.URI.create("about:blank"), title, status, null, null)).build();
        }
        return response(type, detail(type));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        LOG.error("API request failed", e);
        return response(ProblemType.INTERNAL, "the request could not be handled; the server log has the details");
    }

    static Response response(ProblemType type, String detail) {
        Response.ResponseBuilder builder = Response.status(type.status()).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(type, detail));
        if (type == ProblemType.UNAUTHORIZED) {
            builder.header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
        }
        return builder.build();
    }

    private static String detail(ProblemType type) {
        return switch (type) {
            case NOT_FOUND -> "no API endpoint at this path";
            case METHOD_NOT_ALLOWED -> "this endpoint does not take this HTTP method";
            case NOT_ACCEPTABLE -> "this endpoint answers application/json only";
            case UNSUPPORTED_MEDIA_TYPE -> "send the body as application/json";
            case LIMIT_EXCEEDED -> "the request is larger than the server accepts";
            default -> type.title();
        };
    }
}
