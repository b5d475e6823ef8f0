package io.switchboard.api;

import org.eclipse.microprofile.openapi.OASFilter;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Has the OpenAPI document at {@code /q/openapi} written when it is asked for rather than at every
 * start. With a filter of the per-request stage, Quarkus keeps the model it reads from the build-time
 * document and writes it as JSON or YAML per request; without one, it writes both at start-up, and
 * that (YAML most of all) was a sizeable part of the start's CPU. This filter changes nothing in the
 * document.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.RUNTIME_PER_REQUEST)
public class WrittenOnRequest implements OASFilter {
}
