package io.switchboard.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link RoomsApiTest} against the packaged application (the jar, or the native binary where one is built). */
@QuarkusIntegrationTest
class RoomsApiIT extends RoomsApiTest {
}
