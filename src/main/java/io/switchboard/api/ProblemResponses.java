package io.switchboard.api;

import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Adds the problem responses every API operation can give to the OpenAPI document, in one place.
 * Runs when the application is built, so that nothing of it runs at start-up.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class ProblemResponses implements OASFilter {
    private static final Map<String, String> COMMON = Map.of(
            "400", "Bad request: malformed JSON, bad room name, bad parameter (problem details)",
            "401", "Missing or wrong API key (problem details)",
            "403", "API disabled (no key configured) or not allowed (problem details)",
            "500", "Internal error (problem details, no stack trace)",
            "503", "The backplane could not complete the request (problem details)");

    @Override
    public Operation filterOperation(Operation operation) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.setResponses(responses);
        }
        for (Map.Entry<String, String> e : COMMON.entrySet()) {
            if (!responses.hasAPIResponse(e.getKey())) {
                responses.addAPIResponse(e.getKey(), OASFactory.createAPIResponse().description(e.getValue()).content(problem()));
            }
        }
        return operation;
    }

    private static Content problem() {
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, OASFactory.createMediaType()
                .schema(OASFactory.createSchema().ref("Problem")));
    }
}
