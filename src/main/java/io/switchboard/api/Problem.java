package io.switchboard.api;

import java.net.URI;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A problem details object (RFC 9457), sent as {@code application/problem+json} for every error
 * of the API.
 *
 * @param type identifies the problem type: {@code urn:switchboard:problem:<code>}
 * @param title the problem type's fixed summary
 * @param status the HTTP status
 * @param detail what went wrong with this request
 * @param code the stable code of the type (an extension member), for example {@code bad_room}
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem", description = "RFC 9457 problem details")
public record Problem(
        @Schema(example = "urn:switchboard:problem:bad_room") URI type,
        @Schema(example = "Bad room name") String title,
        @Schema(example = "400") int status,
        @Schema(example = "a room name is 1-64 characters of A-Z a-z 0-9 . _ : -") String detail,
        @Schema(example = "bad_room") String code) {

    /** The media type of problem details. */
    public static final String MEDIA_TYPE = "application/problem+json";

    static Problem of(ProblemType type, String detail) {
        return new Problem(type.type(), type.title(), type.status(), detail, type.code());
    }
}
