package io.switchboard.api;

import jakarta.ws.rs.core.Application;

import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What the OpenAPI document at {@code /q/openapi} says about the API as a whole. */
@OpenAPIDefinition(
        info = @Info(title = "Switchboard HTTP API", version = "1",
                description = "Publish into rooms, message and disconnect clients, and look at rooms, history and "
                        + "statistics without holding a socket. Every call needs \"Authorization: Bearer <key>\" "
                        + "(switchboard.api.key). Errors are RFC 9457 problem details (application/problem+json)."),
        security = @SecurityRequirement(name = ApiDocs.API_KEY),
        tags = {
                @Tag(name = "rooms", description = "Rooms: listing, details, publishing, history"),
                @Tag(name = "clients", description = "Connected clients: direct messages, disconnects"),
                @Tag(name = "hub", description = "The whole hub: lobby broadcast, statistics")
        })
@SecurityScheme(securitySchemeName = ApiDocs.API_KEY, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "The value of switchboard.api.key (env SWITCHBOARD_API_KEY)")
public class ApiDocs extends Application {
    static final String API_KEY = "apiKey";
}
